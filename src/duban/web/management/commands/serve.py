from django.core.management.base import BaseCommand
from waitress import serve

from duban.wsgi import application


class Command(BaseCommand):
    help = "以生产服务器（waitress）提供网页和 API。Serve the web UI and API with waitress."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        self.stdout.write(f"督办 duban 正在 http://{host}:{port}/ 提供服务（Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads)
