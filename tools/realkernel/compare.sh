#!/usr/bin/env bash
# compare.sh - run largepages3 on this machine with MADV_HUGEPAGE and MADV_NOHUGEPAGE,
# take per-phase medians, and (when kmodel is built) set the measured THP on/off ratios
# beside the model's ratios. See README.md in this directory.
set -euo pipefail

export LC_ALL=C

usage() {
    cat <<'EOF'
usage: compare.sh [--runs N] [--size S] [--pause SECONDS] [--json] [--kmodel PATH]
  --runs N       runs per mode (default 3); the modes alternate: huge, nohuge, huge, ...
  --size S       region size passed to largepages3 (default 3G; e.g. 512M, 1G)
  --pause S      sleep S seconds before every run (default 0); in a guest with free
                 page reporting this lets freed memory go back to the host first
  --json         print the comparison as one JSON object on stdout (progress on stderr)
  --kmodel PATH  kmodel launcher to use instead of
                 <repo>/distribution/target/kmodel/bin/kmodel
EOF
}

die() {
    printf 'compare.sh: %s\n' "$*" >&2
    exit 2
}

log() {
    printf '%s\n' "$*" >&2
}

RUNS=3
SIZE=""
JSON=0
PAUSE=0
KMODEL_OVERRIDE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; RUNS=$2; shift 2 ;;
        --runs=*) RUNS=${1#--runs=}; shift ;;
        --size) [ $# -ge 2 ] || die "--size needs a value"; SIZE=$2; shift 2 ;;
        --size=*) SIZE=${1#--size=}; shift ;;
        --kmodel) [ $# -ge 2 ] || die "--kmodel needs a value"; KMODEL_OVERRIDE=$2; shift 2 ;;
        --kmodel=*) KMODEL_OVERRIDE=${1#--kmodel=}; shift ;;
        --pause) [ $# -ge 2 ] || die "--pause needs a value"; PAUSE=$2; shift 2 ;;
        --pause=*) PAUSE=${1#--pause=}; shift ;;
        --json) JSON=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done
case "$RUNS" in
    ''|*[!0-9]*) die "--runs wants a positive integer, got '$RUNS'" ;;
esac
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 1000 ] || die "--runs wants 1..1000, got '$RUNS'"
case "$PAUSE" in
    ''|*[!0-9]*) die "--pause wants whole seconds, got '$PAUSE'" ;;
esac
case "$SIZE" in
    *[!0-9A-Za-z]*) die "--size wants e.g. 3G, 512M or a byte count, got '$SIZE'" ;;
esac

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
SRC="$SCRIPT_DIR/largepages3.c"
[ -r "$SRC" ] || die "cannot read $SRC"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/largepages3.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------------------- machine
first_line() { # file -> its first line, or "unknown"
    if [ -r "$1" ]; then head -n 1 "$1"; else echo "unknown"; fi
}

CPU_MODEL=""
HYPERVISOR=""
if command -v lscpu >/dev/null 2>&1; then
    CPU_MODEL=$(lscpu | awk -F: '$1 ~ /^Model name$/ {sub(/^[ \t]+/, "", $2); print $2; exit}')
    HYPERVISOR=$(lscpu | awk -F: '$1 ~ /^Hypervisor vendor$/ {sub(/^[ \t]+/, "", $2); print $2; exit}')
fi
if [ -z "$CPU_MODEL" ]; then
    CPU_MODEL=$(awk -F: '$1 ~ /^model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
fi
CPU_FAMILY=$(awk -F: '$1 ~ /^cpu family/ {gsub(/[ \t]/, "", $2); print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
if [ -n "$CPU_FAMILY" ]; then
    CPU_MODEL="${CPU_MODEL:-unknown} (family $CPU_FAMILY / 0x$(printf '%X' "$CPU_FAMILY"))"
fi
[ -n "$CPU_MODEL" ] || CPU_MODEL="unknown"
CPUS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
if [ -z "$HYPERVISOR" ]; then
    if command -v systemd-detect-virt >/dev/null 2>&1 && v=$(systemd-detect-virt 2>/dev/null) && [ "$v" != "none" ]; then
        HYPERVISOR=$v
    elif grep -qw hypervisor /proc/cpuinfo 2>/dev/null; then
        HYPERVISOR="yes (vendor unknown)"
    else
        HYPERVISOR="none detected"
    fi
fi
THP_ENABLED=$(first_line /sys/kernel/mm/transparent_hugepage/enabled)
THP_DEFRAG=$(first_line /sys/kernel/mm/transparent_hugepage/defrag)
KERNEL=$(uname -r)
MEM_TOTAL_KB=$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo 2>/dev/null || true)
MEM_AVAIL_KB=$(awk '$1 == "MemAvailable:" {print $2}' /proc/meminfo 2>/dev/null || true)
PAGE_REPORTING="not present"
# Some kernels count the memory reported to the host; read it around every run.
REPORTED_KIB_FILE=/sys/module/page_reporting/parameters/reported_kib
reported_kib() {
    if [ -r "$REPORTED_KIB_FILE" ]; then head -n 1 "$REPORTED_KIB_FILE"; else echo ""; fi
}
if [ -d /sys/module/page_reporting ]; then
    PAGE_REPORTING="present"
    if [ -r /sys/module/page_reporting/parameters/page_reporting_order ]; then
        PAGE_REPORTING="present (order $(first_line /sys/module/page_reporting/parameters/page_reporting_order))"
    fi
fi

# Rough memory check (the C program does the exact parsing).
SIZE_BYTES=$(awk -v s="${SIZE:-3G}" 'BEGIN {
    n = s + 0; u = toupper(s); sub(/^[0-9]+/, "", u); sub(/I?B$/, "", u)
    m = (u == "") ? 1 : (u == "K") ? 1024 : (u == "M") ? 1048576 : (u == "G") ? 1073741824 : (u == "T") ? 1099511627776 : -1
    if (m < 0) print -1; else printf "%.0f\n", n * m }')
if [ -n "$MEM_AVAIL_KB" ] && [ "$SIZE_BYTES" -gt 0 ] &&
    [ "$(awk -v b="$SIZE_BYTES" -v a="$MEM_AVAIL_KB" 'BEGIN {print (b / 1024 * 1.1 > a) ? 1 : 0}')" = 1 ]; then
    die "size ${SIZE:-3G} does not fit in MemAvailable (${MEM_AVAIL_KB} kB) with 10% headroom; use a smaller --size"
fi

print_machine() {
    printf '## Machine\n\n'
    printf -- '- CPU: %s, %s online CPUs\n' "$CPU_MODEL" "$CPUS"
    printf -- '- hypervisor: %s\n' "$HYPERVISOR"
    printf -- '- kernel: %s\n' "$KERNEL"
    printf -- '- transparent_hugepage/enabled: %s\n' "$THP_ENABLED"
    printf -- '- transparent_hugepage/defrag: %s\n' "$THP_DEFRAG"
    printf -- '- MemTotal: %s kB, MemAvailable: %s kB\n' "${MEM_TOTAL_KB:-?}" "${MEM_AVAIL_KB:-?}"
    printf -- '- free page reporting (guest frees returned to the host): %s\n' "$PAGE_REPORTING"
    printf '\n'
}

if [ "$JSON" = 1 ]; then print_machine >&2; else print_machine; fi

# ---------------------------------------------------------------------------- build
command -v gcc >/dev/null 2>&1 ||
    die "gcc not found on PATH; install a C compiler (e.g. 'apt-get install gcc') and retry"
BIN="$TMP/largepages3"
if ! gcc -std=c11 -O2 -Wall -Wextra -o "$BIN" "$SRC" 2>"$TMP/gcc.log"; then
    cat "$TMP/gcc.log" >&2
    die "gcc failed to build $SRC"
fi
if [ -s "$TMP/gcc.log" ]; then
    log "compare.sh: gcc warnings:"
    cat "$TMP/gcc.log" >&2
fi
log "built $(gcc --version | head -n 1): gcc -std=c11 -O2 -Wall -Wextra"

# ---------------------------------------------------------------------------- runs
MODES="hugepage nohugepage"
size_args=()
[ -n "$SIZE" ] && size_args=(--size "$SIZE")
CMD_HUGE="largepages3 --hugepage${SIZE:+ --size $SIZE}"
CMD_NOHUGE="largepages3 --nohugepage${SIZE:+ --size $SIZE}"
: >"$TMP/all.tsv"
prev_reported=$(reported_kib)
for i in $(seq 1 "$RUNS"); do
    for mode in $MODES; do
        out="$TMP/$mode.$i.out"
        [ "$PAUSE" = 0 ] || sleep "$PAUSE"
        log "run $i/$RUNS: largepages3 --$mode${SIZE:+ --size $SIZE}"
        if ! "$BIN" "--$mode" "${size_args[@]}" >"$out" 2>"$TMP/$mode.$i.err"; then
            cat "$TMP/$mode.$i.err" >&2
            die "largepages3 --$mode failed (run $i); see the message above"
        fi
        # mode <TAB> run <TAB> key <TAB> value, e.g. "hugepage 1 PHASE memset tlb miss 453854"
        awk -F'\t' -v m="$mode" -v r="$i" 'NF == 2 && $1 !~ /^#/ {print m "\t" r "\t" $1 "\t" $2}' "$out" >>"$TMP/all.tsv"
        now_reported=$(reported_kib)
        if [ -n "$now_reported" ] && [ -n "$prev_reported" ]; then
            printf '%s\t%s\tHOST reported_MiB\t%s\n' "$mode" "$i" "$(((now_reported - prev_reported) / 1024))" >>"$TMP/all.tsv"
        fi
        prev_reported=$now_reported
    done
done

PHASES_FILE="$TMP/phases"
awk -F'\t' '$1 == "hugepage" && $2 == 1 && $3 ~ /^PHASE / {sub(/^PHASE /, "", $3); print $3}' "$TMP/all.tsv" >"$PHASES_FILE"
[ -s "$PHASES_FILE" ] || die "largepages3 printed no PHASE lines"

values() { # mode key -> one value per run, in run order
    awk -F'\t' -v m="$1" -v k="$2" '$1 == m && $3 == k {print $4}' "$TMP/all.tsv"
}
median() { # stdin: numbers -> median
    sort -n | awk '{a[NR] = $1} END {
        if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2];
        else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
ratio() { # a b -> a/b with 3 decimals, or "n/a"
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "" || b == "" || b + 0 == 0 || a == "n/a" || b == "n/a") print "n/a";
        else printf "%.3f\n", a / b }'
}
joined() { # mode key -> "v1 v2 v3"
    values "$1" "$2" | paste -s -d' ' -
}

# ---------------------------------------------------------------------------- model
KMODEL_REL="distribution/target/kmodel/bin/kmodel"
SCENARIO_REL="distribution/target/kmodel/scenarios/largepages3.yaml"
if [ -n "$KMODEL_OVERRIDE" ]; then
    [ -f "$KMODEL_OVERRIDE" ] && [ -x "$KMODEL_OVERRIDE" ] || die "--kmodel '$KMODEL_OVERRIDE' is not an executable file"
    KMODEL_BIN=$(cd "$(dirname "$KMODEL_OVERRIDE")" && pwd)/$(basename "$KMODEL_OVERRIDE")
    SCENARIO="$(dirname "$(dirname "$KMODEL_BIN")")/scenarios/largepages3.yaml"
else
    KMODEL_BIN="$KMODEL_REL"
    SCENARIO="$SCENARIO_REL"
fi
MODEL_STATUS="skipped"
MODEL_NOTE=""
MODEL_CMD=""
THP_KEY="/sys/kernel/mm/transparent_hugepage/enabled"
HOST_KEY="machine.nested.host_pages"
: >"$TMP/model.tsv"

parse_csv_python() { # csv -> phase <TAB> host <TAB> enabled <TAB> simulated_us
    python3 -c '
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = csv.reader(f)
    header = next(rows, None)
    if header is None:
        sys.exit(3)
    header = [h.strip().lstrip("\ufeff") for h in header]
    try:
        ip, iv, iu = (header.index(n) for n in ("phase", "variant", "simulated_us"))
    except ValueError:
        sys.exit(3)
    for row in rows:
        if len(row) <= max(ip, iv, iu):
            continue
        kv = dict(t.split("=", 1) for t in row[iv].split() if "=" in t)
        print("\t".join((row[ip], kv.get(sys.argv[2], ""), kv.get(sys.argv[3], ""), row[iu].strip())))
' "$1" "$HOST_KEY" "$THP_KEY"
}

parse_csv_awk() { # same output as parse_csv_python, RFC 4180 quoting, CRLF tolerated
    awk -v hostkey="$HOST_KEY" -v thpkey="$THP_KEY" '
    function nquotes(s,   t) { t = s; return gsub(/"/, "", t) }
    function split_csv(s, out,   n, i, c, f, q) {
        n = 0; f = ""; q = 0
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(s, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
                } else f = f c
            } else if (c == "\"") q = 1
            else if (c == ",") { out[++n] = f; f = "" }
            else f = f c
        }
        out[++n] = f
        return n
    }
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    {
        sub(/\r$/, "")
        rec = $0
        while (nquotes(rec) % 2 == 1 && (getline more) > 0) { sub(/\r$/, "", more); rec = rec "\n" more }
        n = split_csv(rec, f)
        if (!have_header) {
            sub(/^\357\273\277/, "", f[1])
            for (i = 1; i <= n; i++) col[trim(f[i])] = i
            if (!("phase" in col) || !("variant" in col) || !("simulated_us" in col)) exit 3
            have_header = 1
            next
        }
        if (n < col["phase"] || n < col["variant"] || n < col["simulated_us"]) next
        host = ""; thp = ""
        m = split(f[col["variant"]], tok, /[ \t]+/)
        for (i = 1; i <= m; i++) {
            eq = index(tok[i], "=")
            if (eq == 0) continue
            k = substr(tok[i], 1, eq - 1); v = substr(tok[i], eq + 1)
            if (k == hostkey) host = v
            if (k == thpkey) thp = v
        }
        print f[col["phase"]] "\t" host "\t" thp "\t" trim(f[col["simulated_us"]])
    }
    END { if (!have_header) exit 3 }' "$1"
}

if [ -n "$KMODEL_OVERRIDE" ] || [ -x "$REPO_ROOT/$KMODEL_REL" ]; then
    MODEL_CMD="$KMODEL_BIN compare --csv --vary cpu=zen5 --vary $HOST_KEY=4K,2M --vary $THP_KEY=always,never $SCENARIO"
    log "model (in $REPO_ROOT): $MODEL_CMD"
    set +e
    (cd "$REPO_ROOT" && "$KMODEL_BIN" compare --csv --vary cpu=zen5 --vary "$HOST_KEY=4K,2M" \
        --vary "$THP_KEY=always,never" "$SCENARIO") >"$TMP/model.csv" 2>"$TMP/model.err"
    model_rc=$?
    set -e
    # COMPARE_CSV_PARSER=awk|python3 forces a parser (for testing both); default: python3 if present
    case "${COMPARE_CSV_PARSER:-}" in
        awk) parser=parse_csv_awk ;;
        python3) parser=parse_csv_python ;;
        *) parser=parse_csv_awk; command -v python3 >/dev/null 2>&1 && parser=parse_csv_python ;;
    esac
    if [ -s "$TMP/model.csv" ] && "$parser" "$TMP/model.csv" >"$TMP/model.tsv" 2>"$TMP/parse.err"; then
        MODEL_STATUS="ok"
        [ "$model_rc" = 0 ] || MODEL_NOTE="kmodel exited with status $model_rc (its expectations may not hold for every variant); its CSV was used"
        [ -s "$TMP/model.tsv" ] || { MODEL_STATUS="failed"; MODEL_NOTE="kmodel compare printed a CSV header but no rows"; }
    else
        MODEL_STATUS="failed"
        MODEL_NOTE="kmodel compare (exit status $model_rc) gave no usable CSV (need columns phase, variant, simulated_us): $(tail -n 3 "$TMP/model.err" | tr '\n' ' ')"
        : >"$TMP/model.tsv"
    fi
else
    MODEL_STATUS="missing"
    MODEL_NOTE="$KMODEL_REL not found under $REPO_ROOT; build it with 'mvn -B -q -DskipTests package' in the repository root, then rerun for the model columns"
fi
[ -z "$MODEL_NOTE" ] || [ "$JSON" = 0 ] || log "note: $MODEL_NOTE"

model_ratio() { # phase host -> simulated_us(always)/simulated_us(never), or n/a
    awk -F'\t' -v p="$1" -v h="$2" '
        $1 == p && $2 == h && $3 == "always" {a = $4; ha = 1}
        $1 == p && $2 == h && $3 == "never" {n = $4; hn = 1}
        END { if (ha && hn && n + 0 != 0) printf "%.3f\n", a / n; else print "n/a" }' "$TMP/model.tsv"
}

# ---------------------------------------------------------------------------- summary
# phase <TAB> huge median <TAB> nohuge median <TAB> measured ratio <TAB> model 4K <TAB> model 2M
: >"$TMP/summary.tsv"
while IFS= read -r phase; do
    h=$(values hugepage "PHASE $phase" | median)
    n=$(values nohugepage "PHASE $phase" | median)
    if [ "$MODEL_STATUS" = ok ]; then
        m4=$(model_ratio "$phase" 4K)
        m2=$(model_ratio "$phase" 2M)
    else
        m4="n/a"; m2="n/a"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$h" "$n" "$(ratio "$h" "$n")" "$m4" "$m2" >>"$TMP/summary.tsv"
done <"$PHASES_FILE"

if [ "$JSON" = 0 ]; then
    printf '## largepages3: THP on/off (size %s, %s runs per mode, medians)\n\n' "${SIZE:-3G}" "$RUNS"
    if [ "$MODEL_STATUS" = ok ]; then
        printf '| phase | MADV_HUGEPAGE µs | MADV_NOHUGEPAGE µs | measured ratio | model ratio (host 4K) | model ratio (host 2M) |\n'
        printf '|---|---:|---:|---:|---:|---:|\n'
        awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$TMP/summary.tsv"
    else
        printf '| phase | MADV_HUGEPAGE µs | MADV_NOHUGEPAGE µs | measured ratio |\n'
        printf '|---|---:|---:|---:|\n'
        awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$TMP/summary.tsv"
    fi
    printf '\nratio = MADV_HUGEPAGE / MADV_NOHUGEPAGE (below 1: THP is faster)'
    [ "$MODEL_STATUS" = ok ] && printf '; model ratio = simulated_us(enabled=always) / simulated_us(enabled=never), cpu=zen5'
    printf '\n\n### Every run (µs, in run order)\n\n'
    printf '| phase | MADV_HUGEPAGE | MADV_NOHUGEPAGE |\n|---|---|---|\n'
    while IFS= read -r phase; do
        printf '| %s | %s | %s |\n' "$phase" "$(joined hugepage "PHASE $phase")" "$(joined nohugepage "PHASE $phase")"
    done <"$PHASES_FILE"
    printf '\n### Was THP used? (the region, after the last phase)\n\n'
    printf '| per run | MADV_HUGEPAGE | MADV_NOHUGEPAGE |\n|---|---|---|\n'
    for key in "SMAPS AnonHugePages_kB" "SMAPS Rss_kB" "VMSTAT thp_fault_alloc" "VMSTAT thp_fault_fallback" "HOST reported_MiB"; do
        [ "$key" != "HOST reported_MiB" ] || [ -n "$(joined hugepage "$key")" ] || continue
        printf '| %s | %s | %s |\n' "${key#* }" "$(joined hugepage "$key")" "$(joined nohugepage "$key")"
    done
    printf '\n(thp_fault_* are system-wide /proc/vmstat deltas over the run; -1 = not available)\n'
    if [ -n "$(joined hugepage "HOST reported_MiB")" ]; then
        printf '(reported_MiB: guest memory handed back to the host by free page reporting from the end of the previous run\n'
        printf ' to the end of this one;'
        printf ' first touches of reported memory also pay host page faults, the main noise in "memset page fault")\n'
    fi
    printf '\ncommands: %s ; %s (alternating, %s times each%s)\n' "$CMD_HUGE" "$CMD_NOHUGE" "$RUNS" \
        "$([ "$PAUSE" = 0 ] || printf ', %ss pause before each' "$PAUSE")"
    if [ "$MODEL_STATUS" = ok ]; then
        printf 'model: %s\n' "$MODEL_CMD"
    fi
    [ -z "$MODEL_NOTE" ] || printf '\nnote: %s\n' "$MODEL_NOTE"
    exit 0
fi

# ---------------------------------------------------------------------------- JSON
json_str() { # string -> JSON string literal
    printf '%s' "$1" | awk 'BEGIN {ORS = ""; printf "\""}
        { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
          if (NR > 1) printf "\\n"; printf "%s", $0 }
        END {printf "\""}'
}
json_num() { # number or n/a/empty -> JSON number or null
    case "$1" in ''|n/a|-1) printf 'null' ;; *) printf '%s' "$1" ;; esac
}
json_list() { # "1 2 3" -> [1,2,3]
    printf '['; local first=1 v
    for v in $1; do
        [ "$first" = 1 ] || printf ','; first=0
        json_num "$v"
    done
    printf ']'
}

{
    printf '{"machine":{'
    printf '"cpu":%s,"cpus":%s,"hypervisor":%s,"kernel":%s,' "$(json_str "$CPU_MODEL")" "$(json_str "$CPUS")" \
        "$(json_str "$HYPERVISOR")" "$(json_str "$KERNEL")"
    printf '"thp_enabled":%s,"thp_defrag":%s,"mem_total_kb":%s,"free_page_reporting":%s},' \
        "$(json_str "$THP_ENABLED")" "$(json_str "$THP_DEFRAG")" "$(json_num "$MEM_TOTAL_KB")" "$(json_str "$PAGE_REPORTING")"
    printf '"size":%s,"size_bytes":%s,"runs":%s,"pause_s":%s,' "$(json_str "${SIZE:-3G}")" "$(json_num "$SIZE_BYTES")" "$RUNS" "$PAUSE"
    printf '"commands":{"hugepage":%s,"nohugepage":%s},' "$(json_str "$CMD_HUGE")" "$(json_str "$CMD_NOHUGE")"
    printf '"phases":['
    first=1
    while IFS=$'\t' read -r phase h n r m4 m2; do
        [ "$first" = 1 ] || printf ','; first=0
        printf '{"phase":%s,"hugepage_us":%s,"nohugepage_us":%s,"measured_ratio":%s,' \
            "$(json_str "$phase")" "$(json_num "$h")" "$(json_num "$n")" "$(json_num "$r")"
        printf '"model_ratio_host_4K":%s,"model_ratio_host_2M":%s,' "$(json_num "$m4")" "$(json_num "$m2")"
        printf '"hugepage_runs_us":%s,"nohugepage_runs_us":%s}' \
            "$(json_list "$(joined hugepage "PHASE $phase")")" "$(json_list "$(joined nohugepage "PHASE $phase")")"
    done <"$TMP/summary.tsv"
    printf '],"thp_evidence":{'
    first=1
    for mode in $MODES; do
        [ "$first" = 1 ] || printf ','; first=0
        printf '%s:{"AnonHugePages_kB":%s,"Rss_kB":%s,"thp_fault_alloc":%s,"thp_fault_fallback":%s,"host_reported_MiB":%s}' \
            "$(json_str "$mode")" \
            "$(json_list "$(joined "$mode" "SMAPS AnonHugePages_kB")")" "$(json_list "$(joined "$mode" "SMAPS Rss_kB")")" \
            "$(json_list "$(joined "$mode" "VMSTAT thp_fault_alloc")")" "$(json_list "$(joined "$mode" "VMSTAT thp_fault_fallback")")" \
            "$(json_list "$(joined "$mode" "HOST reported_MiB")")"
    done
    printf '},"model":{"status":%s,"command":%s,"note":%s}}\n' "$(json_str "$MODEL_STATUS")" \
        "$(json_str "$MODEL_CMD")" "$(json_str "$MODEL_NOTE")"
}
