"""Benchmarks: `./dev bench <name>`; each reports ratios measured within one run."""
