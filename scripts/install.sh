#!/usr/bin/env bash
# Installs what the assistant needs to run, on a bare Debian machine: antiword for legacy .doc files
# (apt), the CPU build of torch, then the project itself. The tests need more (a browser, LibreOffice,
# llama.cpp): scripts/test.sh installs those, so starting the app never compiles llama.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "==> 系统软件包 (antiword：读取旧版 Word .doc 文件)"
if ! dpkg -s antiword >/dev/null 2>&1; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends antiword
fi

echo "==> PyTorch (CPU)"
# A plain `torch` requirement would pull a multi-GB CUDA build; take the CPU build first.
python -m pip install -q torch==2.13.0

echo "==> 科技局智能助手"
python -m pip install -q -e .

echo "==> 安装完成：python app.py 启动网页版，bureau --help 查看命令行"
