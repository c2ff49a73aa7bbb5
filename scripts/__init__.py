"""Developer scripts: benchmarks, file hygiene, installing the browser tests' packages. Not part of the product."""
