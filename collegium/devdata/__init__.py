"""Development data: the demo, synthetic volume and the benchmark, assembled from the apps."""
