"""``python -m gpu_stats_client``: list the generated files this package ships."""

from gpu_stats_client import summary

print(summary())  # noqa: T201  # the command's output
