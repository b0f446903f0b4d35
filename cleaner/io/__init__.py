"""Edges: reading inputs and writing outputs. The library core never touches the file system."""
