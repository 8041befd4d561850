#!/bin/bash
# Keys and wall-clock time to find "the invoice Lee sent" from a restore session's mailbox
# list and open the restore form for it. tmux sends each key; after each, the script waits
# until the screen shows what the key brings (no fixed sleeps), so the seconds are the app's and
# the simulator's, not a person's.  Usage: scripts/find-the-invoice.sh BINARY before|after|after-same
# (`before` is for a build of 915aac5, whose item view had no R: it goes back to the list first).
S=m; BIN=$1; MODE=$2
wait_for() { for i in $(seq 1 500); do tmux capture-pane -p -t $S | grep -q -- "$1" && return 0; sleep 0.01; done; echo "timeout waiting for $1"; tmux capture-pane -p -t $S; exit 1; }
keys=0
k() { tmux send-keys -t $S "$@"; keys=$((keys+1)); }
typ() { tmux send-keys -t $S -l "$1"; keys=$((keys+${#1})); }
tmux kill-session -t $S 2>/dev/null
tmux new-session -d -s $S -x 80 -y 24 "$BIN --demo; sleep 600"
wait_for "Press Enter"; tmux send-keys -t $S Enter; wait_for "trust once"; tmux send-keys -t $S o
wait_for "Sign in"; tmux send-keys -t $S -l veeam-demo; tmux send-keys -t $S Enter; wait_for "Organizations"
tmux send-keys -t $S :; tmux send-keys -t $S -l "restore sessions"; tmux send-keys -t $S Enter; wait_for "Working"
tmux send-keys -t $S End Enter; wait_for "Exchange restore"; tmux send-keys -t $S b; wait_for "Mailboxes"
start=$(date +%s.%N)
k Enter; wait_for "Adele Vance › Folders"
k S; wait_for "Search mailbox"
case $MODE in
  after) typ "fr"; k Tab; typ "lee "; typ "rec"; k Tab; typ "yesterday invoice"; wait_for "received:yesterday invoice" ;;
  *) typ "from:lee invoice"; wait_for "from:lee invoice" ;;
esac
k Enter; wait_for "Invoice 2026-1142"
k Enter; wait_for "Received"
if [ "$MODE" = before ]; then k Escape; wait_for "# Subject"; fi
k R; wait_for "Restore to"
end=$(date +%s.%N)
tmux capture-pane -p -t $S
echo "$MODE keys: $keys; seconds: $(echo "$end - $start" | bc)"
tmux kill-session -t $S
