from labs.cli.main import run

run()
