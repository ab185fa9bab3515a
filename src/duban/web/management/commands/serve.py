from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

from duban.wsgi import application


class Command(BaseCommand):
    help = "以生产服务器（waitress）提供网页和 API，并在本进程内运行后台发送和每日节奏。Serve the web UI and API."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-background", action="store_true",
                            help="不在本进程运行后台发送和每日调度（另行运行 duban db_worker 与 duban scheduler 时）")

    def handle(self, *args, host, port, threads, no_background, **options):
        if settings.BACKGROUND and not no_background:
            from duban.web.background import start

            start()
            self.stdout.write(f"后台发送与每日调度已在本进程运行（每天 {settings.TICK_TIME:%H:%M} 运行 tick，补齐漏跑的日期）")
        self.stdout.write(f"督办 duban 正在 http://{host}:{port}/ 提供服务（Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads)
