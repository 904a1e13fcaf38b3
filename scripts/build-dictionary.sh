#!/bin/sh
# Rebuilds dict/ipadic.dic.zst, the morphological dictionary koe includes, from Debian's
# `mecab-ipadic` package (IPADIC 2.7.0-20070801, source CSVs in EUC-JP), so anyone can check where
# it came from: download the package, convert its sources to UTF-8, compile them with vibrato
# (scripts/build-dictionary/, pinned to the vibrato version koe reads the dictionary with),
# compress with zstd. Needs apt-get, dpkg-deb, iconv and zstd. Run from anywhere inside the repository.
set -eu

root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
apt-get download mecab-ipadic
dpkg-deb -x mecab-ipadic_*_all.deb pkg
src=pkg/usr/share/mecab/dic/ipadic
mkdir utf8
# Every lexicon file into one, in a fixed order so the result does not depend on the file system.
for f in $(ls "$src"/*.csv | LC_ALL=C sort); do
  iconv -f EUC-JP -t UTF-8 "$f"
done > utf8/lex.csv
for f in matrix.def char.def unk.def; do
  iconv -f EUC-JP -t UTF-8 "$src/$f" > "utf8/$f"
done

cd "$root"
# The helper's vibrato must be the one koe builds with.
want=$(grep -A1 '^name = "vibrato"' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
grep -q "vibrato = { version = \"=$want\"" scripts/build-dictionary/Cargo.toml || {
  echo "scripts/build-dictionary/Cargo.toml must pin vibrato =$want (koe's Cargo.lock)" >&2
  exit 1
}
CARGO_TARGET_DIR="$work/target" cargo run --release --manifest-path scripts/build-dictionary/Cargo.toml -- \
  "$work/utf8/lex.csv" "$work/utf8/matrix.def" "$work/utf8/char.def" "$work/utf8/unk.def" "$work/ipadic.dic"
zstd -19 -f -q "$work/ipadic.dic" -o dict/ipadic.dic.zst
cp "$work/pkg/usr/share/doc/mecab-ipadic/copyright" dict/COPYING.ipadic
ls -l dict/ipadic.dic.zst
