#!/bin/sh
# RUSTC_WORKSPACE_WRAPPER used only while cbindgen expands the crate's macros
# (scripts/gen-header.sh). `-Zunpretty=expanded` is an unstable rustc flag; RUSTC_BOOTSTRAP=1
# allows it on the stable toolchain. Cargo applies a workspace wrapper to workspace members
# only, so dependencies are neither rebuilt nor affected, and nothing here touches normal builds.
exec env RUSTC_BOOTSTRAP=1 "$@"
