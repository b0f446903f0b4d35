"""Benchmark harness: scoring and the quality/speed comparison against peer extractors."""
