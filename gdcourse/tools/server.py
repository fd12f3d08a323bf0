"""``python -m gdcourse lab``'s server setting: TCP_NODELAY on the kernel websocket. With Nagle's algorithm on, a
small message right behind another (busy, picture, idle) waits up to ~40 ms for the browser's delayed ACK; off,
the median slider reply drops from about 60 ms to about 30 ms."""
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection


class PromptKernelConnection(ZMQChannelsWebsocketConnection):
    def connect(self):  # Nagle off, then the standard connection
        self.websocket_handler.set_nodelay(True)
        return super().connect()


LAB_OPTIONS = [f"--ServerApp.kernel_websocket_connection_class={__name__}.PromptKernelConnection"]
