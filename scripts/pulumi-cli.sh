#!/usr/bin/env bash
# Provides the Pulumi CLI (`pulumi`, `pulumi-language-nodejs`) at the version of @pulumi/pulumi in
# package.json, plus the dynamic provider host from @pulumi/pulumi beside them, trying in order:
#   1. a `pulumi` on PATH at that version;
#   2. a build or install this script made earlier, cached outside the clone;
#   3. a build from the Go module proxy with the Go toolchain on this machine;
#   4. Pulumi's official installer (needs internet).
# Prints what it did on stderr and, on success, the directory to put first on PATH on stdout.
# Exit 0 on success, 1 when no step could provide the CLI.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf 'pulumi-cli: %s\n' "$*" >&2; }
version="$(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version" 2>/dev/null)" || {
    say "run npm ci first: @pulumi/pulumi is not installed"; exit 1; }
cache="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-extensions}/v$version"
host="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

with_host() { # $1: a directory holding pulumi and pulumi-language-nodejs
    ln -sf "$host" "$1/pulumi-resource-pulumi-nodejs"
    say "ready: $1 (pulumi v$version, language host, dynamic provider host)"
    echo "$1"
    exit 0
}
has_version() { [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ "$("$1/pulumi" version 2>/dev/null)" = "v$version" ]; }

# 1. on PATH
if p="$(command -v pulumi)" && has_version "$(dirname "$p")"; then
    say "step 1: using pulumi v$version on PATH ($p)"
    mkdir -p "$cache/path" && ln -sf "$p" "$cache/path/pulumi" && ln -sf "$(dirname "$p")/pulumi-language-nodejs" "$cache/path/pulumi-language-nodejs"
    with_host "$cache/path"
fi
say "step 1: no pulumi v$version on PATH${p:+ (found $("$p" version 2>/dev/null) at $p)}"

# 2. cached from an earlier run
if has_version "$cache/bin"; then say "step 2: using the cached CLI in $cache/bin"; with_host "$cache/bin"; fi
say "step 2: nothing cached in $cache/bin"

# 3. build from the Go module proxy
if command -v go >/dev/null; then
    say "step 3: building v$version from the Go module proxy (takes several minutes the first time)"
    work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
    if ! out="$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$version" 2>&1)"; then
        say "step 3: the module proxy refused github.com/pulumi/pulumi/pkg/v3@v$version: $(echo "$out" | tr '\n' ' ' | cut -c1-300)"
    else
        gomod="$(echo "$out" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
        commit="$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$version" 2>/dev/null | sed -n 's/.*"Hash": "\(.*\)".*/\1/p')"
        if [ -z "$commit" ]; then
            say "step 3: the proxy does not say which commit v$version is; the language host cannot be pinned"
        else
            ( cd "$work" && go mod init pulumi-cli-build >/dev/null 2>&1 &&
              grep -E '^\s*[^ ]+ => [^./]' "$gomod" | sed 's/^\s*/replace /' >> go.mod &&
              go get "github.com/pulumi/pulumi/pkg/v3@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" \
                     "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$commit" >&2 &&
              mkdir -p "$cache/bin" &&
              go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" -o "$cache/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2 &&
              go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" -o "$cache/bin/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2 ) &&
                has_version "$cache/bin" && { say "step 3: built into $cache/bin"; with_host "$cache/bin"; }
            say "step 3: the build failed (output above)"
        fi
    fi
else
    say "step 3: no Go toolchain"
fi

# 4. the official installer
say "step 4: trying Pulumi's official installer (needs internet)"
if curl -fsSL --max-time 20 https://get.pulumi.com -o "${TMPDIR:-/tmp}/pulumi-install.sh" 2>/dev/null &&
    sh "${TMPDIR:-/tmp}/pulumi-install.sh" --version "$version" --install-root "$cache" --no-edit-path >&2; then
    has_version "$cache/bin" && { say "step 4: installed into $cache/bin"; with_host "$cache/bin"; }
fi
say "step 4: the installer could not be reached or failed"
say "no step could provide pulumi v$version; see README, 'Running under the Pulumi engine'"
exit 1
