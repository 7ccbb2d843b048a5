"""Warm kernels: each notebook's kernel forked from a process that has already imported what notebooks import.

Starting a kernel and importing pandas, matplotlib, seaborn, scipy and jusolib takes about two seconds, which
every notebook of a render paid again (papermill's floor). :func:`warm_kernels` starts one
:mod:`jusolib.render.kernel_server` process that makes those imports once; :class:`WarmKernelManager` (a
jupyter_client kernel manager, given to papermill) launches each kernel by asking that process to fork, through
:class:`ForkProvisioner` (a jupyter_client kernel provisioner). A kernel is still a fresh process that shares
nothing with another notebook's; its outputs are those of a cold kernel (the reasoning is in
:mod:`jusolib.render.kernel_server`, the comparison in ``tests/unit/render/test_kernels.py`` and
``tests/integration/test_render_reports.py``).

Where a warm kernel cannot be made — not Linux, a kernel command or environment other than the server's, the
server refusing to serve (it says why), a socket path too long — the kernel starts cold, as jupyter_client starts
it, and the render says so once on stderr.

Examples
--------
>>> server_command(["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "/tmp/k/s")
['/usr/bin/python3', '-m', 'jusolib.render.kernel_server', '/tmp/k/s']
>>> server_command(["/opt/kernel", "--config", "x"], "/tmp/k/s") is None  # not an ipykernel command
True
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

#: The module a kernel command runs; a warm kernel is made only for this one.
LAUNCHER = "ipykernel_launcher"
#: Environment variables that may differ between the server and a kernel: jupyter_client sets the first two for
#: each kernel, pytest the last for each step of a test. No module reads them when imported; the kernel gets the
#: value of its own launch.
PER_KERNEL_VARIABLES = ("JPY_PARENT_PID", "JPY_SESSION_NAME", "PYTEST_CURRENT_TEST")
#: A Unix socket's path is limited to 108 bytes on Linux.
MAX_SOCKET_PATH = 100
#: Seconds a kernel launch may wait for the server to finish its imports.
READY_TIMEOUT = 120.0
#: Seconds between two looks at an exiting kernel.
POLL_INTERVAL = 0.01
#: Environment variable that turns warm kernels off (``0``); ``jusolib render --cold-kernels`` does the same.
WARM_ENV = "JUSOLIB_WARM_KERNELS"

_said: set[str] = set()


def say_once(message: str) -> None:
    """Print a message about kernels once per process (stderr).

    Parameters
    ----------
    message
        What to say, after 「jusolib render: 」.
    """
    if message not in _said:
        _said.add(message)
        print(f"jusolib render: {message}", file=sys.stderr)


def unavailable_reason() -> str | None:
    """Why warm kernels cannot be made here.

    Returns
    -------
    str or None
        The reason (turned off, not Linux, no fork or Unix sockets), or ``None`` when they can.
    """
    if os.environ.get(WARM_ENV, "1") == "0":
        return f"warm kernels turned off ({WARM_ENV}=0)"
    if not sys.platform.startswith("linux"):
        return f"warm kernels are made on Linux only, not on {sys.platform}"
    if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
        return "this Python has no fork or no Unix sockets"
    return None


def server_command(kernel_command: Sequence[str], socket_path: str) -> list[str] | None:
    """The command that starts the kernel server with the interpreter and flags of a kernel command.

    Parameters
    ----------
    kernel_command
        The kernel's command (``[python, flags…, -m, ipykernel_launcher, …]``).
    socket_path
        Where the server listens.

    Returns
    -------
    list of str or None
        The server's command, or ``None`` if the kernel command does not run ``ipykernel_launcher``.
    """
    prefix = launcher_prefix(kernel_command)
    if prefix is None:
        return None
    return [*prefix, "-m", "jusolib.render.kernel_server", socket_path]


def launcher_prefix(command: Sequence[str]) -> list[str] | None:
    """The interpreter and its flags in a kernel command.

    Parameters
    ----------
    command
        ``[python, flags…, -m, ipykernel_launcher, …]``.

    Returns
    -------
    list of str or None
        ``[python, flags…]``, or ``None`` for a command that does not run ``ipykernel_launcher``.
    """
    command = [os.path.expanduser(part) for part in command]
    for position in range(1, len(command) - 1):
        if command[position] == "-m" and command[position + 1] == LAUNCHER:
            return command[:position]
    return None


def kernel_command(kernel_name: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment jupyter_client would start a kernel with (before the connection file).

    Parameters
    ----------
    kernel_name
        The kernel spec's name.

    Returns
    -------
    tuple
        The command (``python`` replaced by this interpreter, as jupyter_client does) and the environment.
    """
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(kernel_name)
    command = list(spec.argv)
    major, minor = sys.version_info[:2]
    if command and command[0] in {"python", f"python{major}", f"python{major}.{minor}"}:
        command[0] = sys.executable  # what jupyter_client's KernelManager.format_kernel_cmd does
    env = dict(os.environ)
    env.update({k: os.path.expandvars(str(v)) for k, v in (spec.env or {}).items()})
    if (spec.language or "").lower().startswith("python"):
        env.pop("PYTHONEXECUTABLE", None)
    return command, env


def comparable(env: Mapping[str, str]) -> dict[str, str]:
    """An environment without the variables that may differ between the server and a kernel.

    Parameters
    ----------
    env
        An environment.

    Returns
    -------
    dict
        It, without :data:`PER_KERNEL_VARIABLES`.
    """
    return {k: v for k, v in env.items() if k not in PER_KERNEL_VARIABLES}


class KernelServer:
    """The running :mod:`jusolib.render.kernel_server` process of one render, and how to ask it for kernels."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: str) -> None:
        self.folder = tempfile.mkdtemp(prefix="jusolib-kernels-")
        self.socket_path = os.path.join(self.folder, "s")
        prefix = launcher_prefix(command)
        started = server_command(command, self.socket_path)
        if prefix is None or started is None:
            raise ValueError(f"not an ipykernel command: {command}")
        self.prefix, self.env, self.cwd, self.owner = prefix, comparable(env), cwd, os.getpid()
        self.process = subprocess.Popen(
            started, env=env, cwd=cwd, stdin=subprocess.PIPE, start_new_session=True, close_fds=True
        )

    def request(self, op: str, timeout: float = READY_TIMEOUT, **fields: Any) -> dict[str, Any]:
        """One request to the server (see :mod:`jusolib.render.kernel_server`).

        Parameters
        ----------
        op
            ``launch``, ``poll``, ``signal`` or ``hello``.
        timeout
            Seconds to wait for the answer (a launch waits for the server's imports).
        **fields
            The request's fields.

        Returns
        -------
        dict
            The answer; ``{"error": …}`` when the server cannot be reached or ended.
        """
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(timeout)
                self._connect(connection, timeout)
                connection.sendall(json.dumps({"op": op, **fields}).encode() + b"\n")
                data = b""
                while not data.endswith(b"\n"):
                    block = connection.recv(1 << 16)
                    if not block:
                        break
                    data += block
            answer = json.loads(data.decode("utf-8")) if data else None
        except (OSError, ValueError) as exc:
            return {"error": f"the kernel server did not answer ({type(exc).__name__}: {exc})"}
        if not isinstance(answer, dict):
            return {"error": "the kernel server ended"}
        return answer

    def _connect(self, connection: socket.socket, timeout: float) -> None:
        """Connect to the server's socket, waiting while the just-started server has not yet made it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                connection.connect(self.socket_path)
                return
            except (FileNotFoundError, ConnectionRefusedError):
                ended = os.getpid() == self.owner and self.process.poll() is not None
                if ended or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def refusal(
        self, command: Sequence[str], env: Mapping[str, str], options: Mapping[str, Any]
    ) -> str | None:
        """Why a kernel cannot be forked from this server.

        Parameters
        ----------
        command
            The kernel's command.
        env
            Its environment.
        options
            Its other launch options.

        Returns
        -------
        str or None
            The reason (another interpreter or flags, another environment, redirected streams), or ``None``.
        """
        if launcher_prefix(command) != self.prefix:
            return (
                f"the kernel command {list(command)} is not the warm kernels' ({self.prefix} -m {LAUNCHER})"
            )
        different = sorted(set(comparable(env).items()) ^ set(self.env.items()), key=lambda item: item[0])
        if different:
            return f"the kernel's environment differs from the warm kernels' ({different[0][0]} …)"
        streams = [k for k in ("stdin", "stdout", "stderr") if options.get(k) is not None]
        if streams:
            return f"the kernel's {', '.join(streams)} are redirected"
        return None

    def close(self) -> None:
        """End the server (it kills any kernel it still has) and remove its folder. Only its owner process does."""
        if os.getpid() != self.owner:
            return
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)  # it ends at once; a loaded machine may still take seconds
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


class ForkProvisioner(LocalProvisioner):
    """A jupyter_client provisioner that forks the kernel from the render's :class:`KernelServer` (cold when it
    cannot, as :class:`~jupyter_client.provisioning.LocalProvisioner` does)."""

    server: KernelServer | None = None
    forked: int | None = None
    returncode: int | None = None

    @property
    def has_process(self) -> bool:
        if self.forked is not None:
            return self.returncode is None
        return bool(super().has_process)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        """Ask the server to fork the kernel; launch it as jupyter_client does where it cannot (saying why once).

        Parameters
        ----------
        cmd
            The kernel's command.
        **kwargs
            jupyter_client's launch options (``env``, ``cwd`` …).

        Returns
        -------
        dict
            The connection information.
        """
        server = self.server
        if server is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        reason = server.refusal(cmd, env, kwargs)
        answer: dict[str, Any] = {}
        if reason is None:
            cwd = str(kwargs.get("cwd") or os.getcwd())
            command = [os.path.expanduser(part) for part in cmd]
            arguments = command[len(server.prefix) + 2 :]
            answer = server.request("launch", args=arguments, env=env, cwd=cwd)
            reason = answer.get("error")
        if reason is not None:
            say_once(
                f"warm kernels unavailable: {reason}; each notebook starts its own kernel (same pages, slower)"
            )
            return await super().launch_kernel(cmd, **kwargs)
        self.forked, self.returncode = int(answer["pid"]), None
        self.pid = self.pgid = self.forked
        self.cwd = kwargs.get("cwd")
        return self.connection_info

    async def poll(self) -> int | None:
        """Whether the kernel has ended.

        Returns
        -------
        int or None
            Its exit status, or ``None`` while it runs.
        """
        if self.forked is None:
            return await super().poll()
        if self.returncode is None and self.server is not None:
            answer = self.server.request("poll", timeout=10, pid=self.forked)
            code = answer.get("returncode", -1 if "error" in answer else None)
            self.returncode = None if code is None else int(code)
        return self.returncode

    async def wait(self) -> int | None:
        """Wait for the kernel to end.

        Returns
        -------
        int or None
            Its exit status.
        """
        if self.forked is None:
            return await super().wait()
        while await self.poll() is None:
            await asyncio.sleep(POLL_INTERVAL)
        return self.returncode

    async def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (through the server, which knows whether it still runs).

        Parameters
        ----------
        signum
            The signal.
        """
        if self.forked is None:
            await super().send_signal(signum)
            return
        if self.returncode is None and self.server is not None:
            answer = self.server.request("signal", timeout=10, pid=self.forked, signum=int(signum))
            code = answer.get("returncode")
            self.returncode = None if code is None else int(code)

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel.

        Parameters
        ----------
        restart
            Whether a restart follows (as jupyter_client passes it).
        """
        if self.forked is None:
            await super().kill(restart)
            return
        await self.send_signal(signal.SIGKILL)

    async def terminate(self, restart: bool = False) -> None:
        """Ask the kernel to end (SIGTERM).

        Parameters
        ----------
        restart
            Whether a restart follows (as jupyter_client passes it).
        """
        if self.forked is None:
            await super().terminate(restart)
            return
        await self.send_signal(signal.SIGTERM)


@dataclass
class Spare:
    """A kernel started ahead for the next notebook: its process, connection and how it was launched."""

    kernel_id: str
    provisioner: Any
    info: dict[str, Any]
    connection_file: str
    command: list[str]
    launch: dict[str, Any]
    #: The options ``start_kernel`` was called with (a kernel is adopted only by a request with the same).
    requested: dict[str, Any]

    def discard(self) -> None:
        """Stop the kernel and remove its connection file (a render that ends leaves no kernel behind)."""
        with contextlib.suppress(Exception):
            asyncio.run(self.provisioner.kill())
        with contextlib.suppress(Exception):
            asyncio.run(self.provisioner.wait())
        with contextlib.suppress(Exception):
            asyncio.run(self.provisioner.cleanup())
        with contextlib.suppress(OSError):
            os.remove(self.connection_file)


def _requested(kw: Mapping[str, Any]) -> dict[str, Any]:
    """The launch options a spare kernel must have been started with to be adopted."""
    return {k: (list(v) if isinstance(v, list | tuple) else v) for k, v in kw.items() if k != "kernel_id"}


class WarmKernelManager(AsyncKernelManager):
    """jupyter_client's kernel manager with :class:`ForkProvisioner`: pass it to papermill as
    ``kernel_manager_class``. :attr:`server` is set by :func:`warm_kernels` for the render's duration.

    With :attr:`spares` above 0 (a render that runs one notebook at a time sets it to the number of notebooks
    after the first), each kernel's start launches the next notebook's kernel too, which starts while this
    notebook runs; the next ``start_kernel`` with the same options adopts it (its process, connection file and
    session key) instead of launching one and waiting for it.
    """

    server: ClassVar[KernelServer | None] = None
    #: How many kernels are still to be started ahead.
    spares: ClassVar[int] = 0
    _spare: ClassVar[Spare | None] = None
    _adopted: Spare | None = None
    _is_spare: bool = False

    @classmethod
    def discard_spare(cls) -> None:
        """Stop the kernel started ahead, if any (the render has no next notebook)."""
        spare, cls._spare = cls._spare, None
        if spare is not None:
            spare.discard()

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        cls = type(self)
        spare, cls._spare = (cls._spare, None) if not self._is_spare else (None, cls._spare)
        if spare is not None and spare.requested == _requested(kw) and await spare.provisioner.poll() is None:
            self.shutting_down = False
            self.kernel_id = spare.kernel_id
            self._launch_args = kw.copy()
            self.provisioner = spare.provisioner
            self.provisioner.parent = self
            self.load_connection_info(spare.info)  # type: ignore[arg-type]
            self.connection_file = spare.connection_file
            self._connection_file_written = True
            self._adopted = spare
            return list(spare.command), dict(spare.launch)
        if spare is not None:
            await asyncio.to_thread(spare.discard)
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            provisioner = ForkProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
            provisioner.server = cls.server
            self.provisioner = provisioner
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self._adopted is not None:  # already running: started ahead
            self._adopted = None
            return
        await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_post_start_kernel(self, **kw: Any) -> None:
        await super()._async_post_start_kernel(**kw)
        cls = type(self)
        if cls.spares > 0 and cls.server is not None and not self._is_spare and cls._spare is None:
            cls.spares -= 1
            await self._start_spare(dict(self._launch_args or {}))

    async def _start_spare(self, requested: dict[str, Any]) -> None:
        """Launch the next notebook's kernel now (it starts while this notebook runs)."""
        spare = type(self)(kernel_name=self.kernel_name, config=self.config)
        spare._is_spare = True
        command, launch = await spare._async_pre_start_kernel(**dict(requested))
        await spare._async_launch_kernel(command, **launch)
        type(self)._spare = Spare(
            spare.kernel_id,
            spare.provisioner,
            dict(spare.get_connection_info(session=False)),
            spare.connection_file,
            list(command),
            dict(launch),
            _requested(requested),
        )

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Wait for the kernel to exit, looking every :data:`POLL_INTERVAL` s (jupyter_client looks every 0.1 s)."""
        await super()._async_wait(pollinterval=min(pollinterval, POLL_INTERVAL))


@contextlib.contextmanager
def warm_kernels(
    kernel_name: str, cwd: str, *, enabled: bool = True, spares: int = 0
) -> Iterator[type | None]:
    """Start the kernel server for a render, and end it (with any kernel left) when the render ends.

    Parameters
    ----------
    kernel_name
        The kernel spec the notebooks run in.
    cwd
        The kernels' working folder (the notebooks' folder).
    enabled
        ``False`` starts every kernel cold (``--cold-kernels``).
    spares
        How many kernels to start ahead, each while the notebook before it runs (for notebooks run one at a
        time: the first one's kernel cannot be started ahead).

    Yields
    ------
    type or None
        The kernel manager class to give papermill, or ``None`` to start kernels cold (said why on stderr).
    """
    reason = None if enabled else "cold kernels asked for"
    reason = reason or unavailable_reason()
    server = None
    if reason is None:
        command, env = kernel_command(kernel_name)
        folder_probe = tempfile.gettempdir()
        if len(os.path.join(folder_probe, "jusolib-kernels-xxxxxxxx", "s")) > MAX_SOCKET_PATH:
            reason = f"the temporary folder's path is too long for a Unix socket ({folder_probe})"
        elif launcher_prefix(command) is None:
            reason = f"the kernel {kernel_name!r} is not started by {LAUNCHER}"
        else:
            server = KernelServer(command, env, cwd)
    if reason is not None and enabled:
        say_once(
            f"warm kernels unavailable: {reason}; each notebook starts its own kernel (same pages, slower)"
        )
    WarmKernelManager.server = server
    WarmKernelManager.spares = spares
    try:
        yield WarmKernelManager if server is not None else None
    finally:
        WarmKernelManager.discard_spare()
        WarmKernelManager.server = None
        WarmKernelManager.spares = 0
        if server is not None:
            server.close()
