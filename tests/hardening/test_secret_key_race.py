"""The first start of several processes at once (web server, worker, tick) writes the secret
key once: every process reads the same full key, none sees a half-written file."""

import multiprocessing

from duban import config


def _read_key(directory, start, answers):
    start.wait()
    try:
        answers.put(config.secret_key({}, directory))
    except Exception as error:  # the test reports it
        answers.put(f"error: {error}")


def test_processes_starting_together_share_one_whole_key(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        directory = tmp_path / f"round{round_}"
        start, answers = context.Event(), context.Queue()
        workers = [context.Process(target=_read_key, args=(directory, start, answers)) for _ in range(8)]
        for worker in workers:
            worker.start()
        start.set()
        keys = [answers.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join()
        assert len(set(keys)) == 1 and not keys[0].startswith("error"), keys
        assert (directory / "secret_key").read_text().strip() == keys[0] and len(keys[0]) >= 32
        assert oct((directory / "secret_key").stat().st_mode)[-3:] == "600"
