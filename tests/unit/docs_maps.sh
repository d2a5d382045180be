#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# README.md's "Pinned maps" table stays true to XDP6_MAPS (include/xdp6_maps.h), the one list
# the BPF maps, the loader and xdp6d --help derive from: one row per map, with its type, and no
# row for a map that is not in the list.
cd "$(dirname "$0")/../.."
list=$(sed -n '/^#define XDP6_MAPS(X)/,/^$/p' include/xdp6_maps.h |
	grep -oE 'X\([a-z0-9_]+, *BPF_MAP_TYPE_[A-Z_]+' |
	sed -E 's/X\(([a-z0-9_]+), *BPF_MAP_TYPE_/\1 /')
table=$(sed -n '/^## Pinned maps/,/^## /p' README.md | grep -oE '^\| `[a-z0-9_]+` \| [^|]+' |
	sed -E 's/^\| `([a-z0-9_]+)` \| *(.*)$/\1 \2/')
want_type() {	# README's word for a BPF map type
	case $1 in
	HASH) echo "hash" ;; ARRAY) echo "array" ;; PERCPU_ARRAY) echo "per-CPU array" ;;
	LRU_HASH) echo "LRU hash" ;; XSKMAP) echo "XSKMAP" ;; LPM_TRIE) echo "LPM trie" ;;
	*) echo "?$1" ;;
	esac
}
bad=""
[ -n "$list" ] || bad="no XDP6_MAPS list found in include/xdp6_maps.h"
while read -r name type; do
	[ -n "$name" ] || continue
	row=$(printf '%s\n' "$table" | awk -v n="$name" '$1 == n { $1 = ""; print substr($0, 2) }')
	if [ -z "$row" ]; then
		bad="$bad $name: no row;"
	elif [[ $row != "$(want_type "$type")"* ]]; then
		bad="$bad $name: type '$row', want $(want_type "$type");"
	fi
done <<<"$list"
extra=$(comm -13 <(printf '%s\n' "$list" | awk '{print $1}' | sort) \
	<(printf '%s\n' "$table" | awk '{print $1}' | sort) | tr '\n' ' ')
[ -z "$extra" ] || bad="$bad rows for maps not in XDP6_MAPS: $extra;"
if [ -z "$bad" ]; then echo "PASS readme_map_table_matches_xdp6_maps_list"
else echo "FAIL readme_map_table_matches_xdp6_maps_list:$bad"; fi
