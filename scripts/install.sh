#!/usr/bin/env bash
# Installs everything the assistant and its tests need on a bare Debian machine:
# system converters and fonts (apt), the CPU build of torch, then the project itself.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "==> 系统软件包 (antiword, LibreOffice Writer, Chromium, 中文字体, PostgreSQL)"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    antiword libreoffice-writer-nogui chromium fonts-noto-cjk poppler-utils postgresql

echo "==> PyTorch (CPU)"
# A plain `torch` requirement would pull a multi-GB CUDA build; take the CPU build first.
python -m pip install -q torch==2.13.0

echo "==> 科技局智能助手及测试依赖"
python -m pip install -q -e ".[test]"

echo "==> 安装完成"
