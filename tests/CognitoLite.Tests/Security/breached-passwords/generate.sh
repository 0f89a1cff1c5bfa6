#!/bin/sh
# Writes the small breached-password list the tests use, in Have I Been Pwned's k-anonymity layout: one file per
# SHA-1 prefix (5 upper-case hex digits), lines SUFFIX:COUNT. Each file also gets a padding line (count 0), as
# `haveibeenpwned-downloader` pads ranges, which must not count as a breach. Run from this folder.
set -eu
rm -f ./*.txt
for entry in "Password123!:412346" "Qwerty123!:88731" "Welcome1!:51202" "Summer2024!:9130" "Letmein123!:3391"; do
  password=${entry%:*}
  count=${entry##*:}
  hash=$(printf '%s' "$password" | sha1sum | cut -c1-40 | tr 'a-f' 'A-F')
  prefix=$(printf '%s' "$hash" | cut -c1-5)
  suffix=$(printf '%s' "$hash" | cut -c6-40)
  printf '%s:%s\r\n' "$suffix" "$count" >> "$prefix.txt"
  printf '%s:0\r\n' "$(printf '%s' "padding-$password" | sha1sum | cut -c6-40 | tr 'a-f' 'A-F')" >> "$prefix.txt"
done
