#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): it
# installs the course kit that lies in /autograder/source. Built by `python -m grader gradescope`.
set -euo pipefail

if ! python3 -m pip --version >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends python3 python3-pip
fi
# The image is Gradescope's alone: install into the system Python, quietly.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_CACHE_DIR=1

cd /autograder/source
# Grading runs on the CPU: the CPU build of PyTorch is a fraction of the default's size.
python3 -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cpu
python3 -m pip install -e .
# The course secret and the hidden checks' recorded outputs: root's alone, so that even where
# the container allows no private mount namespace the learner's process cannot read them.
chmod 600 course.secret 2>/dev/null || true
chmod -R go-rwx grader/hidden/recorded 2>/dev/null || true
python3 -m grader --help >/dev/null
