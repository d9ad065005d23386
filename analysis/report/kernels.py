"""How ``framing run`` starts and stops notebook kernels: quietly, and without Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

__all__ = ["LocalKernelManager"]


class LocalKernelManager(AsyncKernelManager):
    """A kernel reached over IPC sockets in a private folder, stopped without Ctrl-C.

    Over TCP every kernel warns that its traffic is unencrypted, and kernels started at
    the same time by the worker processes can pick the same free port, so one
    manager's message reaches another's kernel ("Invalid Control Message"). Unix
    sockets in a folder only this user can read need neither ports nor encryption.

    ``shutdown_kernel`` interrupts the kernel (SIGINT) before asking it to shut down;
    a kernel still finishing its last reply logs "KeyboardInterrupt caught in kernel"
    for a notebook that ran well. Once the notebook has run there is nothing to
    interrupt, so the shutdown request alone stops it (SIGTERM, then SIGKILL, if it
    does not exit in time). Interrupts outside shutdown (a cell timeout) still work.
    """

    @default("transport")
    def _transport_default(self) -> str:
        return "ipc"

    @default("ip")
    def _ipc_path_default(self) -> str:
        # Sockets are "<ip>-<port>"; a short private folder keeps them under the
        # ~100-byte limit of a socket path and out of the notebooks' working folder.
        self._socket_dir = tempfile.mkdtemp(prefix="framing-kernel-")
        return os.path.join(self._socket_dir, "kernel")

    async def _async_interrupt_kernel(self) -> None:
        if not self.shutting_down:
            await super()._async_interrupt_kernel()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and getattr(self, "_socket_dir", None):
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources

