"""Runtime errors reach Python as named exceptions, raised by real runtime calls.

Each named exception subclasses the builtin it was raised as before it had a name, so
code written against the builtin (``except KeyError``) still catches it.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from runtime_support import QuietService
from specgen.runtime import (
    AlreadyRunningError,
    ConfigError,
    HttpError,
    RegistrationError,
    ResourceGate,
    ServiceNotFoundError,
    ShutDownError,
    SubsystemNotFoundError,
    Supervisor,
)


def _unregister_unknown() -> None:
    Supervisor().unregister("nobody")


def _reset_unknown_breaker() -> None:
    Supervisor().reset_breaker("nobody")


def _reserve_unknown_subsystem() -> None:
    ResourceGate("gpu", 1 << 20).reserve(1, "physics")


def _budget_of_unknown_subsystem() -> None:
    ResourceGate("gpu", 1 << 20).budget("physics")


def _register_twice() -> None:
    supervisor = Supervisor()
    supervisor.register(QuietService("cache"))
    supervisor.register(QuietService("cache"))


def _register_blank_name() -> None:
    Supervisor().register(QuietService("   "))


def _zero_interval() -> None:
    Supervisor(interval=0.0)


def _budgets_over_capacity() -> None:
    ResourceGate("ram", 1 << 20, budgets=[("a", 0.8), ("b", 0.8)])


def _register_after_shutdown() -> None:
    supervisor = Supervisor()
    supervisor.shutdown()
    supervisor.register(QuietService("late"))


CASES: list[tuple[Callable[[], None], type[Exception], type[Exception], str]] = [
    (_unregister_unknown, ServiceNotFoundError, KeyError, "no service named"),
    (_reset_unknown_breaker, ServiceNotFoundError, KeyError, "no service named"),
    (_reserve_unknown_subsystem, SubsystemNotFoundError, KeyError, "no subsystem named"),
    (_budget_of_unknown_subsystem, SubsystemNotFoundError, KeyError, "no subsystem named"),
    (_register_twice, RegistrationError, ValueError, "already registered"),
    (_register_blank_name, RegistrationError, ValueError, "invalid service name"),
    (_zero_interval, ConfigError, ValueError, "invalid interval"),
    (_budgets_over_capacity, ConfigError, ValueError, "invalid budgets"),
    (_register_after_shutdown, ShutDownError, RuntimeError, "shut down"),
]


@pytest.mark.parametrize(
    ("call", "named", "builtin", "message"),
    CASES,
    ids=[case[0].__name__.lstrip("_") for case in CASES],
)
def test_each_error_has_its_name_and_keeps_its_builtin(
    call: Callable[[], None], named: type[Exception], builtin: type[Exception], message: str
) -> None:
    with pytest.raises(named, match=message) as raised:
        call()
    assert isinstance(raised.value, builtin)


def test_starting_twice_is_already_running() -> None:
    supervisor = Supervisor(manual_clock=False, interval=0.05)
    supervisor.start()
    try:
        with pytest.raises(AlreadyRunningError, match="already running") as raised:
            supervisor.start()
        assert isinstance(raised.value, RuntimeError)
    finally:
        supervisor.shutdown()
    with pytest.raises(ShutDownError):
        supervisor.start()


def test_a_port_in_use_is_an_http_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(HttpError, match=f"127.0.0.1:{port}") as raised:
            Supervisor().serve_http(f"127.0.0.1:{port}")
    assert isinstance(raised.value, OSError)
