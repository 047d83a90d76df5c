#!/usr/bin/env bash
# Every reference to the specification resolves in the source tree itself: the code, tests,
# scripts and docs cite the man pages' sections ("ambient-oidc(1) RETRIES"), each of which
# must be a section (.SH) of that page, and nothing cites a document the tree does not hold
# ("CONTRACT §3").
# usage: check_references.sh SOURCE_DIR
set -euo pipefail
source=$1
cd "$source"
files=$(find CMakeLists.txt README.md plugin shared tests scripts bench packaging man .ci -type f \
        ! -name LICENSES ! -name '*.bin' 2>/dev/null | grep -v '/corpus/' | sort)
status=0
if dangling=$(grep -n 'CONTRACT §' $files | grep -v '^tests/packaging/check_references.sh:'); then
    echo "FAIL: references to a document that is not in the tree (cite a man page section):"
    echo "$dangling"
    status=1
fi
sections=$(sed -n 's/^\.SH "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' man/ambient-oidc.1)
cited=$(grep -ohE 'ambient-oidc\(1\) [A-Z][A-Z]+( [A-Z][A-Z]+)*' $files | sed 's/^ambient-oidc(1) //' | sort -u)
[ -n "$cited" ] || { echo "FAIL: no reference to ambient-oidc(1) sections found in $source"; exit 1; }
while read -r section; do
    grep -qxF "$section" <<<"$sections" ||
        { echo "FAIL: ambient-oidc(1) has no section '$section'"; status=1; }
done <<<"$cited"
for page in $(grep -ohE '[a-z.-]+\([158]\)' $files | sort -u); do
    name=${page%(*}
    section=${page#*(}
    section=${section%)}
    case $name in ambient-oidc | docker-credential-ambient-oidc | vault-token-helper-ambient-oidc | \
        git-credential-ambient-oidc | ambient-oidc.json) ;;
    *) continue ;;
    esac
    [ -f "man/$name.$section" ] || { echo "FAIL: $page is cited but man/$name.$section is missing"; status=1; }
done
[ $status -eq 0 ] && echo "references: $(wc -l <<<"$cited") ambient-oidc(1) sections cited, all present"
exit $status
