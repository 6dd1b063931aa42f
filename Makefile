# The two front-door commands (see README.md):
#   make run   set everything up, build the graph, print its summary and a sample answer
#   make test  set everything up and run the tests
.PHONY: setup run test clean

setup:
	bash scripts/setup.sh

run: setup
	.venv/bin/msckg build
	@echo
	@echo '--- sample answer: msckg describe "(CdSe)13"'
	.venv/bin/msckg describe "(CdSe)13"

test: setup
	.venv/bin/python -m pytest

clean:
	rm -rf build .venv
