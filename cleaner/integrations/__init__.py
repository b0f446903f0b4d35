"""Bridges to other engines (Ray, Scrapy). Each module imports its engine, installed as an extra."""
