"""Generation: the pipeline from spec files to written code."""

from specgen.generate.pipeline import GenerationResult, run_generation

__all__ = ["GenerationResult", "run_generation"]
