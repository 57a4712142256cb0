#!/usr/bin/env bash
# Provides the Pulumi CLI (`pulumi`, `pulumi-language-nodejs`, the dynamic provider host) at or
# above MIN_VERSION, trying in order:
#   1. a `pulumi` on PATH;
#   2. one this script provided before, cached outside the clone;
#   3. a release archive on disk named by PULUMI_CLI_ARCHIVE (air-gapped machines; the layout of
#      Pulumi's release archive: pulumi/pulumi, pulumi/pulumi-language-nodejs, ...);
#   4. a build from the Go module proxy with the Go toolchain on this machine;
#   5. Pulumi's official installer (needs internet).
# PULUMI_LANGUAGE_PLUGINS_ARCHIVE, when set, names an archive of language plugins (pulumi-language-python-exec,
# -yaml, -go) unpacked into that directory when it lacks them (the plugin's tests run Python, YAML and Go programs).
# Prints what it did on stderr and, on success, the directory to put first on PATH on stdout.
# Exit 0 on success, 1 when no step could provide the CLI.
#
# Why this minimum: v3.259.0 is the oldest CLI the project's engine tests run against (up, preview,
# refresh, destroy, drift by property with @pulumi/pulumi 3.270.0). The engine and @pulumi/pulumi
# speak a versioned gRPC protocol and stay compatible across minor versions, so any newer 3.x works.
set -uo pipefail
MIN_VERSION="3.259.0"
root="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf 'pulumi-cli: %s\n' "$*" >&2; }
sdk="$(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version" 2>/dev/null)" || {
    say "run npm ci first: @pulumi/pulumi is not installed"; exit 1; }
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-extensions}"
host="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

# v3.259.0 -> 3.259.0; "" when the CLI does not answer.
version_of() { "$1/pulumi" version 2>/dev/null | sed -n 's/^v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -n 1; }
at_least() { [ "$(printf '%s\n%s\n' "$MIN_VERSION" "$1" | sort -V | head -n 1)" = "$MIN_VERSION" ]; }
usable() { # $1: a directory; true when it holds a pulumi at or above the minimum and a Node language host
    [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] || return 1
    local v; v="$(version_of "$1")"
    [ -n "$v" ] && at_least "$v"
}
ready() { # $1: a usable directory. The dynamic provider host comes from @pulumi/pulumi when the CLI lacks it.
    [ -e "$1/pulumi-resource-pulumi-nodejs" ] || ln -sf "$host" "$1/pulumi-resource-pulumi-nodejs" 2>/dev/null ||
        say "note: could not add the dynamic provider host to $1"
    # The Python, YAML and Go language plugins (the plugin's tests), from an archive beside the CLI's when one is named.
    if [ -n "${PULUMI_LANGUAGE_PLUGINS_ARCHIVE:-}" ] && [ ! -x "$1/pulumi-language-yaml" ]; then
        if tar -C "$1" -xJf "$PULUMI_LANGUAGE_PLUGINS_ARCHIVE" 2>/dev/null; then
            say "language plugins unpacked from $PULUMI_LANGUAGE_PLUGINS_ARCHIVE into $1"
        else
            say "note: could not unpack $PULUMI_LANGUAGE_PLUGINS_ARCHIVE into $1"
        fi
    fi
    say "ready: $1 (pulumi v$(version_of "$1"); minimum v$MIN_VERSION; @pulumi/pulumi $sdk)"
    echo "$1"
    exit 0
}

# 1. on PATH
if p="$(command -v pulumi)"; then
    d="$(dirname "$p")"
    if usable "$d"; then say "step 1: using the pulumi on PATH ($p)"; ready "$d"; fi
    say "step 1: the pulumi on PATH ($p, v$(version_of "$d")) is older than v$MIN_VERSION or lacks pulumi-language-nodejs"
else
    say "step 1: no pulumi on PATH"
fi

# 2. provided before
for d in "$cache_root"/*/pulumi "$cache_root"/*/bin; do
    if usable "$d"; then say "step 2: using the CLI cached in $d"; ready "$d"; fi
done
say "step 2: nothing usable cached under $cache_root"

# 3. a release archive on disk
if [ -n "${PULUMI_CLI_ARCHIVE:-}" ]; then
    if [ -f "$PULUMI_CLI_ARCHIVE" ]; then
        say "step 3: unpacking $PULUMI_CLI_ARCHIVE"
        tmp="$(mkdir -p "$cache_root" && mktemp -d "$cache_root/.unpack.XXXXXX")"
        if tar -C "$tmp" -xf "$PULUMI_CLI_ARCHIVE" && usable "$tmp/pulumi"; then
            dest="$cache_root/v$(version_of "$tmp/pulumi")"
            rm -rf "$dest" && mkdir -p "$dest" && mv "$tmp/pulumi" "$dest/pulumi" && rm -rf "$tmp"
            say "step 3: unpacked into $dest/pulumi"
            ready "$dest/pulumi"
        fi
        rm -rf "$tmp"
        say "step 3: $PULUMI_CLI_ARCHIVE is not a Pulumi release archive of v$MIN_VERSION or later (expected pulumi/pulumi inside)"
    else
        say "step 3: PULUMI_CLI_ARCHIVE names no file ($PULUMI_CLI_ARCHIVE)"
    fi
else
    say "step 3: PULUMI_CLI_ARCHIVE is not set"
fi

# 4. build from the Go module proxy, at the version of @pulumi/pulumi
if command -v go >/dev/null; then
    say "step 4: building v$sdk from the Go module proxy (takes several minutes the first time)"
    work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
    if ! out="$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/pkg/v3@v$sdk" 2>&1)"; then
        say "step 4: the module proxy refused github.com/pulumi/pulumi/pkg/v3@v$sdk: $(echo "$out" | tr '\n' ' ' | cut -c1-200)"
    else
        gomod="$(echo "$out" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
        commit="$(cd "$work" && go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$sdk" 2>/dev/null |
            sed -n 's/.*"Hash": "\(.*\)".*/\1/p')"
        bin="$cache_root/v$sdk/bin"
        if [ -z "$commit" ]; then
            say "step 4: the proxy does not say which commit v$sdk is; the language host cannot be pinned"
        else
            ( cd "$work" && go mod init pulumi-cli-build >/dev/null 2>&1 &&
              grep -E '^\s*[^ ]+ => [^./]' "$gomod" | sed 's/^\s*/replace /' >> go.mod &&
              go get "github.com/pulumi/pulumi/pkg/v3@v$sdk" "github.com/pulumi/pulumi/sdk/v3@v$sdk" \
                     "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$commit" >&2 &&
              mkdir -p "$bin" &&
              go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$sdk" -o "$bin/pulumi" \
                  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2 &&
              go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$sdk" -o "$bin/pulumi-language-nodejs" \
                  github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2 ) &&
                usable "$bin" && { say "step 4: built into $bin"; ready "$bin"; }
            say "step 4: the build failed (output above)"
        fi
    fi
else
    say "step 4: no Go toolchain"
fi

# 5. the official installer
say "step 5: trying Pulumi's official installer (needs internet)"
if curl -fsSL --max-time 20 https://get.pulumi.com -o "${TMPDIR:-/tmp}/pulumi-install.sh" 2>/dev/null &&
    sh "${TMPDIR:-/tmp}/pulumi-install.sh" --version "$sdk" --install-root "$cache_root/v$sdk" --no-edit-path >&2; then
    usable "$cache_root/v$sdk/bin" && { say "step 5: installed into $cache_root/v$sdk/bin"; ready "$cache_root/v$sdk/bin"; }
fi
say "step 5: the installer could not be reached or failed"
say "no step could provide pulumi v$MIN_VERSION or later; install it (https://www.pulumi.com/docs/install/) or set PULUMI_CLI_ARCHIVE"
exit 1
