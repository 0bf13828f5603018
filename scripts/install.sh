#!/usr/bin/env bash
# Installs what the assistant needs to run, on a bare Debian machine: antiword for legacy .doc files
# (apt), then the project with the exact versions requirements.lock pins (the CPU build of torch among
# them). The tests need more (a browser, LibreOffice, llama.cpp): scripts/test.sh installs those, so
# starting the app never compiles llama.cpp.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "==> 系统软件包 (antiword：读取旧版 Word .doc 文件)"
if ! dpkg -s antiword >/dev/null 2>&1; then
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends antiword
fi

echo "==> 科技局智能助手（依赖版本见 requirements.lock）"
# The lock pins torch to its CPU build: a plain `torch` requirement would pull a multi-GB CUDA build.
# Only the app's own dependencies are installed here, each at the version the lock names.
python -m pip install -q -c requirements.lock -e .

echo "==> 安装完成：python app.py 启动网页版，bureau --help 查看命令行"
