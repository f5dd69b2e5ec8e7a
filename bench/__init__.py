"""Benchmarks: cost of the pipeline from 2 to 10,000 reports against the machine's floor."""
