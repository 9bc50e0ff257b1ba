#!/bin/sh
# Guest side of `make demo`: the story of the series in 13 steps, each
# ending with a state line, written as a transcript to ttyS1. Step 13 (the
# DMA-API end-to-end check) runs in a second boot, guest/demodma.sh: the
# edu device has no TSM to accept it, and this guest bounces the DMA of
# every device it has not accepted.
. /devsec/lib.sh

story_step=0
chapter() {
	story_step=$((story_step + 1))
	printf '\n## Step %d of 13: %s\n' "$story_step" "$*"
}

# What the device keeps of interface $1 (a host function): "bound locked
# session" and the like, from devsec_bus's debugfs interfaces
device_view() {
	awk -v f="$1" -v dsm="$host_dsm" '
		$1 == dsm { s = $5 }
		$1 == f { b = $3; t = $4 }
		END { printf "device: tdi=%s tdisp=%s dsm-session=%s", b, t, s }' \
		/sys/kernel/debug/devsec_bus/interfaces
}

# Where the driver of guest function $1 maps its DMA: bounced, direct, or
# "-" without the driver (devsec_pci tells)
dma_of() {
	if [ -e /sys/bus/pci/devices/$1/dma_bounced ]; then
		case $(cat /sys/bus/pci/devices/$1/dma_bounced) in
		1) echo bounced ;; 0) echo direct ;; *) echo ? ;;
		esac
	else
		echo -
	fi
}

driver_of() {
	if [ -e /sys/bus/pci/devices/$1/driver ]; then
		basename "$(readlink /sys/bus/pci/devices/$1/driver)"
	else
		echo none
	fi
}

# The state line: the host's DSM and interface, what the device itself
# keeps, and the guest's view of the interface
state_line() {
	hd=/sys/bus/pci/devices/$host_dsm
	ide=none
	ide_state | grep -q "$host_dsm: .* SECURE" && ide=SECURE
	printf '  [state at %ss] host: dsm-connected-to=%s ide=%s tdi-bound-by=%s | %s | guest %s: state=%s accepted=%s driver=%s dma=%s evidence-generation=%s\n' \
		"$(cut -d. -f1 /proc/uptime)" \
		"$(cat $hd/tsm/connect 2>/dev/null | grep . || echo none)" "$ide" \
		"$(cat /sys/bus/pci/devices/$host_fn/tsm/bound 2>/dev/null | grep . || echo none)" \
		"$(device_view $host_fn)" "$bdf" "$(cat $d/tsm/state)" \
		"$(cat $d/tsm/accept)" "$(driver_of $bdf)" "$(dma_of $bdf)" \
		"$($evc generation $bdf 2>/dev/null || echo -)" | fold -s -w 78 |
		sed '2,$s/^/          /'
}

spdm_name() {
	case $1 in
	84) echo GET_VERSION ;; 04) echo VERSION ;;
	e1) echo GET_CAPABILITIES ;; 61) echo CAPABILITIES ;;
	e3) echo NEGOTIATE_ALGORITHMS ;; 63) echo ALGORITHMS ;;
	81) echo GET_DIGESTS ;; 01) echo DIGESTS ;;
	82) echo GET_CERTIFICATE ;; 02) echo CERTIFICATE ;;
	83) echo CHALLENGE ;; 03) echo CHALLENGE_AUTH ;;
	e0) echo GET_MEASUREMENTS ;; 60) echo MEASUREMENTS ;;
	e4) echo KEY_EXCHANGE ;; 64) echo KEY_EXCHANGE_RSP ;;
	e5) echo FINISH ;; 65) echo FINISH_RSP ;;
	ec) echo END_SESSION ;; 6c) echo END_SESSION_ACK ;;
	7f) echo ERROR ;; *) echo "code 0x$1" ;;
	esac
}

tdisp_name() {
	case $1 in
	81) echo GET_TDISP_VERSION ;; 01) echo TDISP_VERSION ;;
	82) echo GET_TDISP_CAPABILITIES ;; 02) echo TDISP_CAPABILITIES ;;
	83) echo LOCK_INTERFACE_REQUEST ;; 03) echo LOCK_INTERFACE_RESPONSE ;;
	84) echo GET_DEVICE_INTERFACE_REPORT ;; 04) echo DEVICE_INTERFACE_REPORT ;;
	85) echo GET_DEVICE_INTERFACE_STATE ;; 05) echo DEVICE_INTERFACE_STATE ;;
	86) echo START_INTERFACE_REQUEST ;; 06) echo START_INTERFACE_RESPONSE ;;
	87) echo STOP_INTERFACE_REQUEST ;; 07) echo STOP_INTERFACE_RESPONSE ;;
	7f) echo TDISP_ERROR ;; *) echo "type 0x$1" ;;
	esac
}

ide_km_name() {
	case $1 in
	00) echo QUERY ;; 01) echo QUERY_RESP ;;
	02) echo KEY_PROG ;; 03) echo KP_ACK ;;
	04) echo K_SET_GO ;; 05) echo K_SET_STOP ;; 06) echo K_GOSTOP_ACK ;;
	*) echo "object 0x$1" ;;
	esac
}

ide_sub_stream() {
	case $(($1 >> 4)) in 0) s=PR ;; 1) s=NPR ;; 2) s=CPL ;; *) s=? ;; esac
	[ $(($1 & 2)) = 2 ] && echo "$s Tx" || echo "$s Rx"
}

# hexbytes HEX FIRST LAST: bytes FIRST to LAST (0-based) of a hex string
hexbytes() { echo "$1" | cut -c$(($2 * 2 + 1))-$(($3 * 2 + 2)); }

# The messages in the trace of devsec:devsec_doe_exchange, one a line: SPDM
# by name; TDISP (in SPDM VENDOR_DEFINED_REQUEST) by name, with the
# interface it names and the code of a TDISP_ERROR. A message of the
# secured session (type 2) is shown from inside its record, whose 8-byte
# header is skipped, as "[session]".
transcript() {
	sed -n 's/.* \(0dec:[0-9a-f:.]*\) type=\([0-9]*\) req_len=\([0-9]*\) resp_len=\([-0-9]*\) req=\([0-9a-f]*\) resp=\([0-9a-f]*\).*/\1 \2 \3 \4 \5 \6/p' \
		/sys/kernel/debug/tracing/trace |
	while read -r dev type rl pl req resp; do
		if [ "$type" = 2 ]; then
			dev="$dev [session]"
			req=${req#????????????????}
			resp=${resp#????????????????}
		fi
		rc=$(hexbytes "$req" 1 1)
		if [ "${pl#-}" != "$pl" ]; then
			echo "$dev: request 0x$rc ($rl bytes) -> no response: the mailbox reported an error ($pl)"
		elif [ "$rc" = fe ] && [ "$(hexbytes "$req" 11 11)" = 00 ]; then
			o=$(hexbytes "$req" 12 12)
			line="$dev: IDE_KM $(ide_km_name "$o")"
			[ "$o" != 00 ] && line="$line Stream ID $((0x$(hexbytes "$req" 15 15))) $(ide_sub_stream $((0x$(hexbytes "$req" 17 17))))"
			line="$line ($rl bytes) -> $(ide_km_name "$(hexbytes "$resp" 12 12)")"
			[ "$o" = 02 ] && line="$line status $((0x$(hexbytes "$resp" 16 16)))"
			echo "$line ($pl bytes)"
		elif [ "$rc" = fe ]; then
			pt=$(hexbytes "$resp" 13 13)
			line="$dev: TDISP $(tdisp_name "$(hexbytes "$req" 13 13)") for interface $(hexbytes "$req" 17 17)$(hexbytes "$req" 16 16) ($rl bytes) -> $(tdisp_name "$pt") ($pl bytes)"
			[ "$pt" = 7f ] && line="$line, error code 0x$(hexbytes "$resp" 29 29)$(hexbytes "$resp" 28 28)"
			echo "$line"
		else
			echo "$dev: SPDM $(hexbytes "$req" 0 0) $(spdm_name "$rc") ($rl bytes) -> $(spdm_name "$(hexbytes "$resp" 1 1)") ($pl bytes)"
		fi
	done
}

trace_on() { : > /sys/kernel/debug/tracing/trace; [ -w $ev ] && echo 1 > $ev; }
trace_off() { [ -w $ev ] && echo 0 > $ev; }

# The first 8 bytes of the nonce in the LOCK_INTERFACE_RESPONSE and in the
# START_INTERFACE_REQUEST of the trace
nonces() {
	sed -n 's/.* type=2 .* req=\([0-9a-f]*\) resp=\([0-9a-f]*\).*/\1 \2/p' /sys/kernel/debug/tracing/trace |
	while read -r req resp; do
		req=${req#????????????????}
		resp=${resp#????????????????}
		[ "$(hexbytes "$req" 1 1)" = fe ] || continue
		case $(hexbytes "$req" 13 13) in
		83) echo "LOCK_INTERFACE_RESPONSE nonce:  $(hexbytes "$resp" 28 35)..." ;;
		86) echo "START_INTERFACE_REQUEST nonce:  $(hexbytes "$req" 28 35)..." ;;
		esac
	done
}

# dw BDF OFFSET: a dword of a device's configuration space, as a number
dw() { echo $((0x$(od -An -v -tx4 -j "$2" -N 4 /sys/bus/pci/devices/$1/config | tr -d ' \n'))); }

# The enabled Selective IDE Streams of the DSM and of its Root Port, from
# their IDE capabilities (one address association block per stream, no
# Link IDE Stream, as in the sample)
ide_state() {
	for dev in 0dec:00:00.0 $host_dsm; do
		pos=256
		while [ "$pos" != 0 ] && [ $(($(dw $dev $pos) & 0xffff)) != 48 ]; do
			pos=$(($(dw $dev $pos) >> 20))
		done
		[ "$pos" = 0 ] && { echo "  $dev: no IDE capability"; continue; }
		n=$((($(dw $dev $((pos + 4))) >> 16 & 0xff) + 1))
		i=0 found=0
		while [ $i -lt $n ]; do
			ctl=$(dw $dev $((pos + 12 + i * 32 + 4)))
			sts=$(dw $dev $((pos + 12 + i * 32 + 8)))
			if [ $((ctl & 1)) = 1 ]; then
				st=INSECURE; [ $((sts & 15)) = 2 ] && st=SECURE
				echo "  $dev: Selective IDE Stream $i enabled, Stream ID $((ctl >> 24)), $st"
				found=1
			fi
			i=$((i + 1))
		done
		[ $found = 1 ] || echo "  $dev: no Selective IDE Stream enabled"
	done
}

# act DESCRIPTION CMD: say what a step does, run it, print the state line
act() {
	say "$1"
	show "$2"
	state_line
}

story() {
	evc=/kselftest/devsec/devsec_evidence
	host_dsm=0dec:01:00.0
	host_fn=0dec:01:00.1
	bdf=0ded:01:00.1
	d=/sys/bus/pci/devices/$bdf
	tdi=/sys/kernel/debug/devsec_link_tsm
	ev=/sys/kernel/debug/tracing/events/devsec/devsec_doe_exchange/enable
	hb=/sys/devices/platform/devsec_bus/pci0dec:00
	printf '# devsec: PCI device security, step by step (%s)\n' "$(uname -r)"
	say "A QEMU q35 guest (TCG) with an emulated VT-d IOMMU. samples/devsec emulates the platform: TEE-capable PCI devices that speak SPDM, IDE_KM and TDISP through their DOE mailboxes, the host's TSM (firmware, in 'link' mode) and the guest's TSM (in 'devsec' mode). Each device is presented twice, as a VMM would: the host's functions, and the guest's view of them."

	chapter "the topology"
	for m in devsec_link_tsm devsec_tsm devsec_pci; do
		modprobe $m || { say "module $m is missing"; return; }
	done
	act "devsec_bus builds the emulated platform from its topology parameter: host bridges separated by ';', the devices below each, each below a Root Port of its own. Here two host bridges: one with a two-function device (function 0 is the DSM, with DOE and IDE) and one without a DOE mailbox, one with another two-function device." \
		"modprobe devsec_bus topology='mfd2,nodoe;mfd2'"
	show "ls /sys/bus/pci/devices | grep -E '^[01]de[cd]:' | tr '\\n' ' '; echo"
	say "Each line of devsec_bus's interfaces: the host function, the guest's view of it, and what the device keeps (interface bound to the guest, TDISP state, the DSM's SPDM session):"
	show "cat /sys/kernel/debug/devsec_bus/interfaces"
	show "for t in /sys/class/tsm/*; do echo \"\${t##*/}: pci_mode=\$(cat \$t/pci_mode)\"; done"
	link=$(grep -l '^link$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	devsec=$(grep -l '^devsec$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	say "Userspace owns the policy: no driver binds on its own."
	show "echo 0 > /sys/bus/pci/drivers_autoprobe"
	state_line

	chapter "connect with SPDM"
	trace_on
	act "The host's TSM connects the DSM:" \
		"echo $link > /sys/bus/pci/devices/$host_dsm/tsm/connect"
	trace_off
	say "The SPDM 1.2 connection phase; the authentication (the certificate chain in portions, a challenge and the measurements, each signed with the leaf's RSA-2048 key, checked against the firmware's root with the kernel's X.509 and public-key code); then a secured session, KEY_EXCHANGE and FINISH in it (simulated: records carry the session id and a sequence number, not ciphertext). From the trace events of each DOE exchange:"
	transcript | sed 's/^/  /'
	show "cat /sys/bus/pci/devices/$host_dsm/authenticated"

	chapter "the IDE stream"
	say "Connect also set up a Selective IDE Stream between the DSM and its Root Port: allocated a Stream ID (the host bridge has one fewer), keyed the DSM's end with IDE_KM in the session (the KEY_PROG and K_SET_GO above) and the Root Port's as firmware does, and enabled both ends:"
	show "cat $hb/available_secure_streams; ls $hb | grep '^stream'; ls /sys/class/tsm/$link | grep '^stream'"
	ide_state
	state_line

	chapter "TDI bind"
	act "Until the host binds the interface to the guest, the guest cannot lock it:" \
		"echo $devsec > $d/tsm/lock"
	act "The host binds the interface of function 1 to the guest as TDI 1 (what KVM asks through pci_tsm_bind(); debugfs stands in for it):" \
		"echo '$host_fn 1' > $tdi/bind"

	chapter "the prepare driver"
	say "Some devices must be configured before the lock freezes their configuration. devsec_prepare is a ccprepare driver: modpost gives its module ccprepare_pci: aliases, which userspace looks the device up in; it binds only where driver_override names it, never by autoprobe or a plain probe:"
	show "grep ccprepare_pci /lib/modules/\$(uname -r)/modules.alias; cat $d/modalias"
	show "modprobe devsec_prepare queues=6; echo $bdf > /sys/bus/pci/drivers_probe; ls $d/driver 2>&1 | head -n 1"
	act "Bind it by name, let it configure six queues, unbind it (the configuration stays):" \
		"echo devsec_prepare > $d/driver_override; echo $bdf > /sys/bus/pci/drivers/devsec_prepare/bind; dmesg | grep -o 'devsec_prepare.*queues' | tail -n 1; echo $bdf > /sys/bus/pci/drivers/devsec_prepare/unbind; echo > $d/driver_override"

	chapter "lock"
	trace_on
	act "The guest's TSM locks the interface. Its TDISP requests reach the device through the host's TSM, in the SPDM session:" \
		"echo $devsec > $d/tsm/lock"
	trace_off
	transcript | sed 's/^/  /'
	nonces >/tmp/nonces

	chapter "the decoded report and the evidence"
	say "The interface report, as the guest's TSM decoded it: its MMIO ranges, private (TEE) or shared:"
	show "cat /sys/kernel/debug/devsec_tsm/report"
	say "The evidence, over the device-evidence netlink family (devsec_evidence needs only libc): the certificate chain, the connection phase, measurements signed over a fresh nonce of ours (new measurements: a new generation), and the report; it checks the chain with the kernel's X.509 parser and the signature with the leaf's key:"
	gen0=$($evc generation $bdf)
	nonce=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	show "$evc show $bdf $nonce"
	gen=$($evc generation $bdf)
	say "The report's device-specific information is three le32: the firmware version (1), the function (1), and the six queues that the prepare driver configured in step 5."
	state_line

	chapter "accept bound to the generation"
	act "Userspace checked generation $gen. An accept that names an older one ($gen0) is refused (ESTALE): the evidence changed since:" \
		"echo generation=$gen0 > $d/tsm/accept"
	act "A device with a driver cannot be accepted (EBUSY). Bound before accept, the driver's DMA bounces through swiotlb:" \
		"echo devsec_pci > $d/driver_override; echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind; echo generation=$gen > $d/tsm/accept"
	show "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	trace_on
	act "Accept, naming the generation checked: START_INTERFACE echoes the nonce of the lock, and the interface runs:" \
		"echo generation=$gen > $d/tsm/accept"
	trace_off
	transcript | sed 's/^/  /'
	nonces >>/tmp/nonces
	sed 's/^/  /' /tmp/nonces

	chapter "DMA going from bounced to direct"
	act "Accepted, the device is in the guest's TCB: the same driver's DMA now maps directly (dma was 'bounced' in step 8):" \
		"echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"

	chapter "the operational driver bound"
	say "devsec_pci, bound through driver_override as the policy names it, owns the function. The report's private ranges are private MMIO (IORES_DESC_ENCRYPTED), inside the driver's claim of the BARs; the driver maps them private, and a mapping that mixes private and shared MMIO is refused:"
	show "grep -B2 'PCI MMIO Encrypted' /proc/iomem; cat $d/mmio_map"
	state_line

	chapter "an injected device error"
	act "The device drops the interface into ERROR on its own (debugfs tdi_error, as a device that fails does). The guest's TSM is told: the core clears accepted and takes the function out of the TCB (its driver is unbound, from a workqueue), and sends a uevent:" \
		"echo $host_fn > /sys/kernel/debug/devsec_bus/tdi_error; sleep 1"
	act "Accept is refused in ERROR:" "echo 1 > $d/tsm/accept"

	chapter "recovery"
	act "Only unlock (STOP_INTERFACE) leaves ERROR:" \
		"echo $devsec > $d/tsm/unlock"
	show "echo $devsec > $d/tsm/lock; $evc show $bdf | grep -E 'generation|signature|device-specific'"
	gen=$($evc generation $bdf)
	act "Locked again: a new lock nonce and a new report, whose evidence userspace reads and checks again (the measurements are still those signed in step 7). Accept generation $gen and bind the driver:" \
		"echo generation=$gen > $d/tsm/accept; echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"

	say "Tear down in order: unbind, unlock, unbind the TDI, disconnect (K_SET_STOP for each key of the stream, then END_SESSION):"
	show "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind; echo > $d/driver_override; echo $devsec > $d/tsm/unlock; echo $host_fn > $tdi/unbind; echo $link > /sys/bus/pci/devices/$host_dsm/tsm/disconnect"
	state_line
	echo 1 > /sys/bus/pci/drivers_autoprobe
}

story >/dev/ttyS1 2>&1
