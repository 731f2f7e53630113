#!/bin/sh
# Builds the release binary that runs without a Swift toolchain: the Swift runtime and the
# standard library linked in (--static-swift-stdlib), and no Foundation at all.
#
#   scripts/build-static.sh [OUTPUT]      (default .build/static/palisade; `make build` runs this)
#
# Why the second link: Palisade reads YAML through libyaml, which it takes from the Yams package
# (its CYaml module), and never calls Yams' Swift code. SwiftPM still links every object file of
# every target a product depends on, and Yams' Swift files import Foundation, which drags the
# whole of Foundation and ICU's data (about 45 MB) into a static binary. So the binary is linked
# again from SwiftPM's own object list without Yams' Swift objects; if Palisade ever used them,
# this link would fail on the missing symbols instead of quietly growing. The result is stripped.
set -eu
cd "$(dirname "$0")/.."
out=${1:-.build/static/palisade}
swift=${SWIFT:-swift}

"$swift" build -c release --static-swift-stdlib --product palisade
bin=$("$swift" build -c release --static-swift-stdlib --show-bin-path)
objects="$bin/palisade.product/Objects.LinkFileList"
if [ ! -f "$objects" ]; then
    echo "build-static: $objects not found (did SwiftPM change its layout?)" >&2
    exit 1
fi
list="$bin/palisade.product/Objects.static.LinkFileList"
grep -v '/Yams\.build/' "$objects" > "$list"

mkdir -p "$(dirname "$out")"
rm -f "$out"
swiftc=$(dirname "$(command -v "$swift")")/swiftc
# The flags are SwiftPM's own for this link (see `swift build -v`), less the rpath and debug info.
"$swiftc" -static-stdlib -emit-executable -module-name palisade -L "$bin" -o "$out" \
    -Xlinker --gc-sections -Xlinker --defsym -Xlinker main=palisade_main -Xlinker --strip-all \
    "@$list" 2>&1 | grep -v "the use of \`mktemp' is dangerous" >&2 || true
[ -x "$out" ] || { echo "build-static: linking $out failed" >&2; exit 1; }

# Foundation itself (with ICU's 30 MB of data) must not come back by an `import Foundation` in our
# code; FoundationEssentials, which swift-argument-parser imports, is small and carries no ICU.
if grep -q -E 'FoundationInternationalization|_FoundationICU' "$out"; then
    echo "build-static: $out links Foundation (an 'import Foundation' under Sources/?)" >&2
    exit 1
fi
if command -v ldd >/dev/null 2>&1 && ldd "$out" | grep -E 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime'; then
    echo "build-static: $out still links a Swift library dynamically (above)" >&2
    exit 1
fi
echo "built $out ($(wc -c < "$out") bytes)"
