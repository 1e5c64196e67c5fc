#!/bin/sh
# Installs Debian's PyTorch for the CPU comparison in bench/deep.ts
# (bench/deep_torch.py runs under /usr/bin/python3). Needs root and the
# Debian package mirrors.
set -eu
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "python3-torch is already installed"
  exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-torch
