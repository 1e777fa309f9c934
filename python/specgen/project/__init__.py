"""Project set-up: ``specgen init`` (a commented config, an example spec, a starter crate)."""

from specgen.project.init import InitChoices, InitError, InitResult, check_adapter, init_project

__all__ = ["InitChoices", "InitError", "InitResult", "check_adapter", "init_project"]
