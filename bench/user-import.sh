#!/usr/bin/env bash
#
# Bulk account import (issue 14): iems:user-import of ACCOUNTS accounts (default 10,000) from a
# CSV, timed through the shell on the real distribution, twice: with passwords already hashed as
# Dovecot and Postfix set-ups keep them ({SHA512-CRYPT} and {SSHA512}, stored as they are and
# upgraded to Argon2id at each user's next login), and with clear-text passwords (hashed with
# Argon2id in parallel on every core). Prints both times and checks that an imported user logs in
# over IMAP with the password behind its hash.
#
# Needs a built distribution (mvn -DskipTests install), openssl and python3.
#
#   bench/user-import.sh
#   ACCOUNTS=2000 bench/user-import.sh
#
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/iems-instance.sh
ACCOUNTS=${ACCOUNTS:-10000}
mkdir -p "$B"
unpack_iems
start_iems

# ---- the CSV files: address,password,display name,quota
python3 - "$B" "$ACCOUNTS" "$(openssl passwd -6 -salt benchsalt 'Hashed-Secret-1')" <<'PY'
import base64, hashlib, os, sys
folder, n, sha512crypt = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(f"{folder}/hashed.csv", "w") as hashed, open(f"{folder}/clear.csv", "w") as clear:
    for i in range(n):
        if i % 2 == 0:
            password = "{SHA512-CRYPT}" + sha512crypt
        else:
            salt = os.urandom(8)
            password = "{SSHA512}" + base64.b64encode(hashlib.sha512(f"Secret-{i}".encode() + salt).digest() + salt).decode()
        hashed.write(f"hashed{i}@bench.test,{password},Hashed User {i},\n")
        clear.write(f"clear{i}@bench.test,Clear-Secret-{i},Clear User {i},\n")
PY
chmod 644 "$B/hashed.csv" "$B/clear.csv"

timed_import() {
    local start end
    start=$(date +%s.%N)
    shell "iems:user-import $B/$1.csv" | tail -1
    end=$(date +%s.%N)
    printf '%s: %d accounts in %.1f s\n' "$1" "$ACCOUNTS" "$(echo "$end - $start" | bc)"
}
timed_import hashed
timed_import clear

# ---- an imported hash logs in, and is then Argon2id
python3 - <<'PY'
import imaplib
for user, password in (("hashed0@bench.test", "Hashed-Secret-1"), ("hashed1@bench.test", "Secret-1")):
    imap = imaplib.IMAP4("127.0.0.1", 10143)
    imap.login(user, password)
    imap.logout()
    print(f"IMAP login of {user} with the password behind its hash: ok")
PY
grep -c "upgraded from" "$B/iems/data/log/karaf.log" | sed 's/^/hashes upgraded to Argon2id at login: /'
"${SSH[@]}" 'shutdown -f' >/dev/null 2>&1 || true
