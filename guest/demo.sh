#!/bin/sh
# Guest side of `make demo`: a walkthrough of what the series does, written
# as a transcript to ttyS1.  Each issue that adds a feature adds a section.
. /devsec/lib.sh

section() { printf '\n## %s\n' "$*"; }
say() { printf '%s\n' "$*" | fold -s -w 78 | sed 's/ *$//'; }
# show CMD: print the command as typed, then its output, indented.
show() {
	printf '$ %s\n' "$*"
	sh -c "$*" 2>&1 | sed 's/^/  /'
}

walkthrough() {
	printf '# devsec walkthrough: %s\n' "$(uname -r)"
	say "A QEMU q35 guest (TCG) with an emulated Intel VT-d IOMMU and QEMU's edu device."

	section "Kernel"
	show "uname -r"
	show "cat /proc/cmdline"

	section "IOMMU"
	say "VT-d is on, with interrupt remapping; every PCI device sits in an IOMMU group whose default domain translates DMA."
	show "ls /sys/class/iommu"
	show "dmesg | grep -E 'DMAR: (IOMMU enabled|Intel\\(R\\) Virtualization)|IRQ remapping' | sed 's/^\\[[^]]*\\] //'"
	show "for g in /sys/kernel/iommu_groups/*; do echo \"group \${g##*/}: \$(cat \$g/type) \"\$(ls \$g/devices); done"

	section "PCI devices"
	show "for d in /sys/bus/pci/devices/*; do echo \"\${d##*/} \$(cat \$d/vendor):\$(cat \$d/device) class \$(cat \$d/class)\"; done"
	edu=$(pci_find 0x1234 0x11e8 | head -n 1)
	if [ -n "$edu" ]; then
		say "The edu device (1234:11e8) has a DMA engine; later sections move data through it."
		show "ls -l $edu/iommu_group | sed 's/.*-> //'"
	else
		say "The edu device is missing!"
	fi
}

devsec_state() {
	d=/sys/bus/pci/devices/$1
	line="guest $1: state=$(cat $d/tsm/state) accepted=$(cat $d/tsm/accept)"
	[ -e $d/dma_bounced ] && line="$line dma-bounced=$(cat $d/dma_bounced)"
	line="$line private-mmio=$(grep -c 'PCI MMIO Encrypted' /proc/iomem)"
	if [ -x "$evc" ]; then
		line="$line evidence-generation=$($evc generation $1)"
	fi
	echo "$line"
	h=/sys/bus/pci/devices/$host_fn
	echo "host $host_fn: connected-to=$(cat /sys/bus/pci/devices/$host_dsm/tsm/connect) bound=$(cat $h/tsm/bound 2>/dev/null)"
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

# step DESCRIPTION CMD: run a lifecycle step, then print the state lines.
step() {
	say "$1"
	show "$2"
	devsec_state "$bdf" | sed 's/^/  -> /'
}

device_security() {
	evc=/kselftest/devsec/devsec_evidence
	section "PCI device security (TDISP through a TSM)"
	for m in devsec_bus devsec_link_tsm devsec_tsm devsec_pci; do
		modprobe $m || { say "module $m is missing"; return; }
	done
	say "samples/devsec emulates TEE-capable devices and presents them twice: the host's functions in PCI domain 0dec, and the guest's view of their interfaces in domain 0ded, as a VMM would assign them. Both share one device model. The host (link) TSM connects the host's functions and binds an interface to the guest; the guest (devsec) TSM locks and accepts the guest's view. Userspace owns the policy: autoprobe off, then connect and bind on the host, lock, verify, accept and bind a driver in the guest."
	show "for t in /sys/class/tsm/*; do echo \"\${t##*/}: pci_mode=\$(cat \$t/pci_mode)\"; done"
	link=$(grep -l '^link$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	devsec=$(grep -l '^devsec$' /sys/class/tsm/*/pci_mode | cut -d/ -f5)
	host_dsm=0dec:01:00.0
	host_fn=0dec:01:00.1
	bdf=0ded:01:00.1
	d=/sys/bus/pci/devices/$bdf
	tdi=/sys/kernel/debug/devsec_link_tsm
	show "ls /sys/bus/pci/devices/$host_dsm/tsm $d/tsm"
	show "grep -o 'swiotlb=[a-z]*' /proc/cmdline"
	devsec_state $bdf
	step "No driver binds on its own:" "echo 0 > /sys/bus/pci/drivers_autoprobe"

	say "### The host side"
	ev=/sys/kernel/debug/tracing/events/devsec/devsec_doe_exchange/enable
	trace_on
	step "The host TSM connects the device security manager (SPDM over DOE):" "echo $link > /sys/bus/pci/devices/$host_dsm/tsm/connect"
	trace_off
	say "The connection phase of SPDM 1.2, then the authentication: the digest of the certificate chain, the chain in portions, a challenge and the measurements, whose answers the DSM signs with its leaf certificate's key; then a secured session: KEY_EXCHANGE (its answer signed too), and FINISH inside the session. The session is simulated: no key is derived and its messages go in the clear, in records that carry the session id and a sequence number. From the trace events of every DOE exchange (devsec:devsec_doe_exchange keeps the bytes of each message):"
	transcript | sed 's/^/  /'
	say "Connected, and its other functions show their DSM (the attribute follows the connect right after). authenticated reads 1: connect checked the chain (DER X.509, RSA 3072) to the root the firmware trusts with the kernel's X.509 parser, and the CHALLENGE_AUTH signature with its public-key code, then set up the session; a DSM that fails any of it is not connected:"
	for i in 1 2 3 4 5; do [ -e /sys/bus/pci/devices/$host_fn/tsm/dsm ] && break; sleep 1; done
	show "cat /sys/bus/pci/devices/$host_dsm/authenticated /sys/bus/pci/devices/$host_fn/tsm/dsm"
	hb=/sys/devices/platform/devsec_bus/pci0dec:00
	say "The link is encrypted too: connect allocated a Selective IDE Stream between the DSM and its Root Port (the host bridge has one stream fewer), programmed both ports, keyed the DSM's end with IDE_KM inside the session (QUERY, a KEY_PROG per sub-stream and direction, a K_SET_GO for each, in the transcript above) and the Root Port's end as firmware does, and enabled it. The host bridge and the TSM link the stream to the DSM:"
	show "cat $hb/available_secure_streams; ls -l $hb | grep -o 'stream[0-9].*'; ls -l /sys/class/tsm/$link/ | grep -o 'stream[0-9].*'"
	ide_state
	step "Until the host binds the interface to the guest, the guest cannot lock its view of it:" "echo $devsec > $d/tsm/lock"
	step "The host binds the interface of function 1 to the guest as TDI 1 (what KVM asks through pci_tsm_bind(); debugfs stands in for it):" "echo '$host_fn 1' > $tdi/bind"

	say "### The guest side"
	trace_on
	step "The guest TSM locks the guest's view of the interface. Its TDISP requests reach the device through the host's TSM, inside the SPDM session:" "echo $devsec > $d/tsm/lock"
	trace_off
	transcript | sed 's/^/  /'
	nonces > /tmp/nonces
	say "The interface report, read in two portions, as the guest's TSM decoded it: the core registers its private ranges at accept, nothing else. The reporting offset of the lock is removed, and BAR 2 starts with a hole:"
	show "cat /sys/kernel/debug/devsec_tsm/report"
	say "Each device has one TSM context: the host's function has the link one, so the guest TSM cannot lock it:"
	show "echo $devsec > /sys/bus/pci/devices/$host_fn/tsm/lock"

	say "### The evidence, before accepting"
	say "Userspace reads the interface's evidence over the device-evidence generic netlink family, with devsec_evidence (a client that needs only libc, shipped with the kselftests): what the VMM passed on from the host's firmware (the DSM's certificate chain, the SPDM connection phase, the signed measurements) and the interface report of the lock, all of one generation. It checks that every certificate parses as X.509 (the kernel's parser, through add_key()) and that the measurements' signature verifies with the leaf's key (KEYCTL_PKEY_VERIFY):"
	show "$evc state $bdf"
	show "$evc show $bdf"
	gen=$($evc generation $bdf)
	nonce=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
	say "A verifier that wants fresh measurements sends its own 32-byte nonce: the device signs new measurements over it (through the VMM and the host's firmware), and the evidence has a new generation:"
	show "$evc show $bdf $nonce | grep -E 'generation|signed over'"
	step "Userspace verified generation $gen, which is no longer the evidence's: an accept that names it is refused (ESTALE), and the device stays locked:" "echo generation=$gen > $d/tsm/accept"
	gen=$($evc generation $bdf)
	step "Bind the driver before accepting, to see where DMA goes:" "echo devsec_pci > $d/driver_override; echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"
	step "A bound device cannot be accepted:" "echo generation=$gen > $d/tsm/accept"
	step "Unbind:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	trace_on
	step "Verified: accept, naming the generation verified ($gen). The device is now in the guest's TCB:" "echo generation=$gen > $d/tsm/accept"
	trace_off
	transcript | sed 's/^/  /'
	say "START_INTERFACE echoes the nonce that LOCK_INTERFACE returned:"
	nonces >> /tmp/nonces
	sed 's/^/  /' /tmp/nonces
	step "Bind the driver: its DMA maps directly now:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"
	say "The report's private ranges are private MMIO now (the first half of BAR 0, a page of BAR 2), inside the driver's claim of the whole BARs; a mapping that mixes private and shared MMIO is refused:"
	show "grep -B2 'PCI MMIO Encrypted' /proc/iomem; cat $d/mmio_map"

	say "### A configuration change behind the guest's back"
	step "Unbind the driver:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	hc=/sys/bus/pci/devices/$host_fn/config
	dd if=$hc of=/tmp/bar0 bs=4 skip=4 count=1 2>/dev/null
	say "The host writes BAR 0 of the function (and then puts it back). TDISP moves a locked or running interface to ERROR on such a change; the guest's TSM is told, and the core takes the function out of the TCB, clears accepted, and sends a uevent:"
	show "printf '\\377\\377\\377\\377' | dd of=$hc bs=4 seek=4 conv=notrunc 2>/dev/null; dd if=/tmp/bar0 of=$hc bs=4 seek=4 conv=notrunc 2>/dev/null; sleep 1"
	devsec_state "$bdf" | sed 's/^/  -> /'
	step "Accept is refused in error:" "echo 1 > $d/tsm/accept"
	step "Recovery: unlock (STOP_INTERFACE), which is the only way out of error," "echo $devsec > $d/tsm/unlock"
	step "then lock (a new nonce, a new report)" "echo $devsec > $d/tsm/lock"
	step "and accept again (plain 1: whatever the evidence now is, as upstream has it):" "echo 1 > $d/tsm/accept"
	step "and bind the driver again:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"

	say "### The device loses its SPDM session"
	step "Unbind the driver:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/unbind"
	step "The DSM loses its session on its own (debugfs drop_session, as a device that resets its security state would). TDISP moves the interfaces locked under the session to ERROR, and the guest is told:" "echo 1 > /sys/kernel/debug/devsec_bus/drop_session; sleep 1"
	trace_on
	step "Unlock. The host's firmware finds the session gone at its next message, which the DSM drops (an error, no response); it sets up a new session and sends STOP_INTERFACE again in it:" "echo $devsec > $d/tsm/unlock"
	trace_off
	transcript | sed 's/^/  /'
	step "Lock and accept again, in the new session:" "echo $devsec > $d/tsm/lock; echo 1 > $d/tsm/accept"
	step "and bind the driver again:" "echo $bdf > /sys/bus/pci/drivers/devsec_pci/bind"

	say "### The host takes the interface back"
	step "The host unbinds the TDI under the running guest function. The guest sees an error: its driver is unbound and it leaves the TCB (shortly after, from a workqueue):" "echo $host_fn > $tdi/unbind; sleep 1"
	show "ls $d/driver 2>&1 | head -n 1"
	step "Only unlock leaves the error:" "echo $devsec > $d/tsm/unlock"
	trace_on
	step "Disconnect the link: K_SET_STOP for every key of the IDE stream, then the session ends with END_SESSION:" "echo $link > /sys/bus/pci/devices/$host_dsm/tsm/disconnect"
	trace_off
	transcript | sed 's/^/  /'
	say "The stream is torn down and given back:"
	show "cat $hb/available_secure_streams; ls $hb | grep -c '^stream[0-9]' || true"
	ide_state
	echo 1 > /sys/bus/pci/drivers_autoprobe
}

walkthrough >/dev/ttyS1 2>&1
device_security >/dev/ttyS1 2>&1
