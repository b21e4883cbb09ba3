package model

import (
	"bufio"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// StepKind tells what a Step is.
type StepKind uint8

const (
	// Send: Actor puts Value into the buffer of Channel, for Peer.
	Send StepKind = iota + 1
	// Receive: Actor takes Value out of Channel, sent by Peer.
	Receive
	// Handoff: Actor passes Value to Peer on a rendezvous Channel; the send
	// and the receive are one step.
	Handoff
	// Local: Actor does something others will see the effect of: reads the
	// source, records the error, closes a channel, ends the workflow.
	Local
	// Violation: the step at which a property fails. Note says which.
	Violation
	// Deadlock: no process can move and some have not returned. Note names
	// them and where they are blocked.
	Deadlock
	// Cycle: the steps after this one repeat forever (a liveness
	// counterexample).
	Cycle
)

// Step is one event of a counterexample that another actor could observe,
// told in the words of the Go code.
type Step struct {
	N       int      // position in the readable trace, from 1
	Spin    int      // the step number in Spin's replay (0 for steps Spin does not number)
	Kind    StepKind // send, receive, handoff, local, violation, deadlock, cycle
	Actor   string   // the goroutine: net, router, script, or harness (the workflow's runner)
	Action  string   // the verb phrase: "sends", "receives", "records the error", …
	Value   string   // what moves: "chunk 0", "the error", "shutdown", "a request"
	Channel string   // the Go channel it moves on, for sends, receives and handoffs
	Peer    string   // the goroutine at the other end of Channel
	Note    string   // what else matters: the messages still waiting, or the property violated
}

// String renders the step as one numbered line:
//
//  3. script: sends the error to net on data
//  9. net: receives shutdown from router on ctrl, while data still holds the error
//  10. net: ends the workflow: VIOLATED error first: …
func (s Step) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s: %s", s.N, s.Actor, s.Action)
	if s.Value != "" {
		b.WriteString(" " + s.Value)
	}
	switch s.Kind {
	case Send, Handoff:
		fmt.Fprintf(&b, " to %s on %s", s.Peer, s.Channel)
	case Receive:
		fmt.Fprintf(&b, " from %s on %s", s.Peer, s.Channel)
	}
	if s.Kind == Handoff {
		b.WriteString(" (rendezvous)")
	}
	if s.Note != "" {
		if s.Kind == Violation || s.Kind == Deadlock || s.Kind == Cycle {
			b.WriteString(": " + s.Note)
		} else {
			b.WriteString(", " + s.Note)
		}
	}
	return b.String()
}

// endpoint is who sends and who receives on a channel.
type endpoint struct{ from, to string }

// channels are the Go channels of every design, by the name the models give
// them (the Go names), with the goroutines at each end.
var channels = map[string]endpoint{
	"req":    {"net", "router"},
	"read":   {"router", "script"},
	"data":   {"script", "net"},
	"stop":   {"script", "router"},
	"ctrl":   {"router", "net"},
	"result": {"script", "router"},
	"out":    {"router", "net"},
	// The locks designs' FIFOs (designs.FIFO under a mutex): a send is a
	// Put, a receive a Take.
	"routerIn": {"net", "router"},
	"scriptIn": {"router", "script"},
	"netIn":    {"script", "net"},
	"dataIn":   {"script", "net"},
	"stopIn":   {"script", "router"},
}

// internal are the models' channels that stand for no Go channel: rq is
// the router's RequestQueue (a FIFO of streams) when there are several.
var internal = map[string]bool{"rq": true}

// aliases are the models' local channel variables (Go's n.Pull(req),
// q.Out(read), and dropsender's in and held), by the channel they stand for.
var aliases = map[string]string{"ask": "req", "head": "read", "in": "data", "held": "ctrl"}

var (
	// "  7:	proc  1 (net:1) shutdownmsg.pml:47 Send 0	-> queue 2 (ask)"
	// " 14:	proc  3 (script:1) shutdownmsg.pml:93 (state 1)	[read?x]"
	stepRE = regexp.MustCompile(`^\s*(\d+):\s+proc\s+(\d+) \(([A-Za-z_]\w*):\d+\) \S+:\d+ (.*)$`)
	// "Send CHUNK,0	-> queue 4 (data)", "Sent 0	-> queue 3 (read)", "Recv 0	<- queue 2 (req)"
	ioRE = regexp.MustCompile(`^(Send|Sent|Recv) (.*?)\s+(?:->|<-) queue (\d+) \((.*)\)$`)
	// "(state 30)	[data!kind,seq]"
	stmtRE = regexp.MustCompile(`^\(state \d+\)\s+\[(.*)\]$`)
	// "  2: proc 2 terminates"
	termRE = regexp.MustCompile(`^\s*(\d+):\s+proc\s+(\d+) terminates`)
	// "		queue 4 (data): [ERROR,0][CHUNK,1]"
	queueRE = regexp.MustCompile(`^\s*queue (\d+) \((.*)\):\s*(.*)$`)
	// " 59:	proc  1 (net:1) workflow.pml:130 (state 50)" and "… <valid end state>"
	finalRE = regexp.MustCompile(`^\s*\d+:\s+proc\s+\d+ \(([A-Za-z_]\w*):\d+\) (\S+:\d+) \(state \d+\)(.*)$`)
)

// local maps a model statement to what its actor does, in Go's words. The
// statements are the models' (designs/model/*.pml) writes that stand for
// something another goroutine will see.
var local = map[string]string{
	"failed = 1":                            "records the error",
	"srcFailed = 1":                         "reads the source: it fails with the error",
	"kind = DONE":                           "reads the source: done",
	"ok = 0":                                "ignores the read request: the stream has ended",
	"dataClosed = 1":                        "closes data",
	"ctrlClosed = 1":                        "closes ctrl",
	"(((inOpen&&dataClosed)&&empty(data)))": "finds data closed and empty (m, ok := <-in: !ok)",
	"(((heldOpen&&ctrlClosed)&&empty(ctrl)))": "finds ctrl closed (_, ok := <-held: !ok)",
	"in = nilmsg":   "stops listening to data (in = nil)",
	"held = nilmsg": "stops listening to ctrl (held = nil)",
	"netDone = 1":   "ends the workflow",
	"quit = 1":      "closes quit, as every net has ended: router and script return",
}

// property says what a failed assertion of the models means: the action at
// which it fails and the property it breaks.
func property(assertion string) (action, note string) {
	a := strings.TrimSuffix(strings.TrimPrefix(assertion, "assert("), ")")
	switch {
	case a == "(!(srcFailed)||failed)":
		return "ends the workflow", "VIOLATED error first: the source failed, and net ends the workflow without having recorded the error (error lost)"
	case strings.HasPrefix(a, "(received=="):
		return "ends the workflow", "VIOLATED every chunk before the end: the source produced a chunk that net never received (chunk lost)"
	case a == "(seq==received)":
		return "handles the chunk", "VIOLATED exactly once, in order: it is not the chunk net expects next (a chunk lost, duplicated or reordered)"
	case a == "!(failed)":
		return "handles the chunk", "VIOLATED in order: a chunk after the error (reordered)"
	case strings.HasPrefix(a, "(netDone||(produced<"), strings.HasPrefix(a, "(produced<"):
		return "reads the next chunk from the source", "VIOLATED intact: its buffer is one net may still be reading (chunk corrupted)"
	case strings.HasPrefix(a, "(len(") && strings.Contains(a, ")<"):
		return "puts into a FIFO", "VIOLATED the FIFO overflows: more outstanding than its capacity (a panic in Go)"
	case strings.HasPrefix(a, "(len(") && strings.HasSuffix(a, ">0)"):
		return "takes from a FIFO", "VIOLATED the FIFO is empty: a take without an element (a panic in Go)"
	case strings.HasPrefix(a, "(queued<"):
		return "queues the request", "VIOLATED the router's queue overflows: more requests than the window (a panic in Go)"
	case a == "!(dataClosed)":
		return "uses data", "VIOLATED data is already closed: a send on or a close of a closed channel panics in Go"
	case a == "!(ctrlClosed)":
		return "closes ctrl", "VIOLATED ctrl is already closed: a second close panics in Go"
	case strings.HasPrefix(a, "(endReason==3"):
		return "ends the workflow", "VIOLATED it ends as configured: net was to cancel after its chunks, and it is ended otherwise first (end wrong)"
	case strings.HasPrefix(a, "(endReason!=3"):
		return "ends the workflow", "VIOLATED it ends as configured: nothing cancelled the workflow, and net ends cancelled (end wrong)"
	case a == "(failed==0)":
		return "records the error", "VIOLATED the error is delivered once: net already recorded it (error duplicated)"
	case a == "ended":
		return "returns", "VIOLATED it ends: net's loop returned without ending the workflow (n.End)"
	case a == "0":
		return "receives a message it cannot handle", "VIOLATED no such message was expected here"
	}
	return "fails an assertion", "VIOLATED " + assertion
}

// message renders a value Spin printed for a channel: "CHUNK,0" on data is
// "chunk 0", "0" on req is "a request".
func message(channel, value string) string {
	kind, rest, _ := strings.Cut(value, ",")
	seq, stream, several := strings.Cut(rest, ",") // a generated model's Msg: kind, seq, stream
	if several && stream != "0" {
		seq += " of stream " + stream
	}
	switch kind {
	case "CHUNK":
		return "chunk " + seq
	case "ERROR":
		return "the error"
	case "DONE":
		return "done"
	case "SHUTDOWN":
		return "shutdown"
	}
	switch channel {
	case "req", "routerIn":
		return "a request"
	case "read", "scriptIn":
		return "a read request"
	case "stop", "stopIn":
		return "stop"
	}
	return value
}

// ErrNoTrail is returned by ReadableTrace for output that holds no replayed
// step, such as spin's complaint that it found no trail file.
var ErrNoTrail = errors.New("no replayed trail steps in spin's output")

// ReadableTrace reads the replay of a counterexample trail by
// `spin -t -p -s -r` (steps, sends and receives) of one of the models in
// this directory, and returns the steps another actor could observe, in
// order and numbered from 1: every message sent and received (a rendezvous
// send and its receive as one handoff), what the source yields, net
// recording the error, a channel closed, the workflow ended. The last step
// is the violation: the failed assertion, the deadlock (who is blocked where)
// or, for a liveness trail, the start of the cycle.
//
// It returns an error wrapping ErrNoTrail when spinOutput has no replayed
// step, and an error for a step it cannot read.
func ReadableTrace(spinOutput string) ([]Step, error) {
	p := parser{
		names:   map[int]string{},
		procs:   map[int]string{},
		waiting: map[string][]string{},
	}
	if err := p.parse(spinOutput); err != nil {
		return nil, err
	}
	for i := range p.steps {
		p.steps[i].N = i + 1
	}
	return p.steps, nil
}

type parser struct {
	steps   []Step
	names   map[int]string      // queue number → Go channel name
	procs   map[int]string      // process number → actor
	waiting map[string][]string // channel → values in its buffer, oldest first
	chunks  int                 // chunks the source has yielded so far
	sent    *Step               // a rendezvous send ("Sent") waiting for its receive

	failed    string // the failed assertion, once spin reports it
	cycle     bool   // a liveness trail: it ends in a cycle
	final     bool   // in the final state dump (after "#processes")
	blocked   []string
	anyStep   bool
	spinError string // the first "spin: …" complaint
}

func (p *parser) parse(out string) error {
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if err := p.line(sc.Text()); err != nil {
			return fmt.Errorf("spin output line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading spin output: %w", err)
	}
	if !p.anyStep {
		if p.spinError != "" {
			return fmt.Errorf("%w (%s)", ErrNoTrail, p.spinError)
		}
		return ErrNoTrail
	}
	p.flushSent()
	if p.failed == "" && !p.cycle && len(p.blocked) > 0 {
		p.add(Step{Kind: Deadlock, Actor: "deadlock", Action: "nothing can move",
			Note: "VIOLATED no deadlock: " + strings.Join(p.blocked, "; ") + " (an invalid end state)"})
	}
	return nil
}

func (p *parser) line(text string) error {
	trimmed := strings.TrimSpace(text)
	switch {
	case trimmed == "":
		return nil
	case strings.HasPrefix(trimmed, "#processes:"):
		p.final = true
		return nil
	case strings.HasPrefix(trimmed, "<<<<<START OF CYCLE>>>>>"):
		p.flushSent()
		p.cycle = true
		p.add(Step{Kind: Cycle, Actor: "cycle", Action: "the steps from here on repeat forever",
			Note: "VIOLATED the workflow ends: this cycle never reaches net's end"})
		return nil
	case strings.HasPrefix(trimmed, "spin: text of failed assertion:"):
		p.failed = normalize(strings.TrimSpace(strings.TrimPrefix(trimmed, "spin: text of failed assertion:")))
		return nil
	case strings.HasPrefix(trimmed, "spin:"):
		if p.spinError == "" && !strings.Contains(trimmed, "dubious use of 'else'") {
			p.spinError = trimmed
		}
		return nil
	}
	if m := queueRE.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		p.learn(n, m[2])
		return nil
	}
	if p.final {
		if m := finalRE.FindStringSubmatch(text); m != nil && !strings.Contains(m[3], "valid end state") {
			p.blocked = append(p.blocked, fmt.Sprintf("%s has not returned (blocked at %s)", m[1], m[2]))
		}
		return nil
	}
	if m := termRE.FindStringSubmatch(text); m != nil {
		pid, _ := strconv.Atoi(m[2])
		if actor, ok := p.procs[pid]; ok && actor != "harness" {
			p.flushSent()
			p.add(Step{Spin: atoi(m[1]), Kind: Local, Actor: actor, Action: "returns"})
		}
		return nil
	}
	m := stepRE.FindStringSubmatch(text)
	if m == nil {
		return nil // spin's other chatter: "ltl …", "using statement merging", …
	}
	p.anyStep = true
	spinStep := atoi(m[1])
	pid, _ := strconv.Atoi(m[2])
	actor, rest := m[3], m[4]
	p.procs[pid] = actor
	if io := ioRE.FindStringSubmatch(rest); io != nil {
		return p.io(spinStep, actor, io[1], io[2], atoi(io[3]), io[4])
	}
	if s := stmtRE.FindStringSubmatch(rest); s != nil {
		p.statement(spinStep, actor, s[1])
	}
	return nil
}

// learn notes the Go channel behind queue n, from a name Spin printed for it.
func (p *parser) learn(n int, name string) {
	if i := strings.LastIndexByte(name, ':'); i >= 0 { // "net(1):ask"
		name = name[i+1:]
	}
	name = index.ReplaceAllString(name, "") // "data[0]"
	if _, ok := channels[name]; ok {
		p.names[n] = name
	} else if ch, ok := aliases[name]; ok && p.names[n] == "" {
		p.names[n] = ch
	}
}

func (p *parser) io(spinStep int, actor, op, value string, queue int, name string) error {
	p.learn(queue, name)
	ch := p.names[queue]
	if internal[name] {
		return nil // the router's own queue of requests, not a channel of the design
	}
	ends, ok := channels[ch]
	if !ok {
		return fmt.Errorf("%s on queue %d (%s): not a channel of the models", op, queue, name)
	}
	msg := message(ch, value)
	switch op {
	case "Send": // into a buffer
		p.flushSent()
		p.waiting[ch] = append(p.waiting[ch], msg)
		p.add(Step{Spin: spinStep, Kind: Send, Actor: actor, Action: "sends", Value: msg, Channel: ch, Peer: ends.to})
	case "Sent": // a rendezvous offer, taken by the next Recv
		p.flushSent()
		p.sent = &Step{Spin: spinStep, Kind: Handoff, Actor: actor, Action: "hands", Value: msg, Channel: ch, Peer: ends.to}
	case "Recv":
		if p.sent != nil && p.sent.Channel == ch {
			s := *p.sent
			s.Peer = actor
			p.sent = nil
			p.add(s)
			return nil
		}
		p.flushSent()
		if w := p.waiting[ch]; len(w) > 0 {
			p.waiting[ch] = w[1:]
		}
		p.add(Step{Spin: spinStep, Kind: Receive, Actor: actor, Action: "receives", Value: msg, Channel: ch, Peer: ends.from,
			Note: p.stillWaiting(actor, ch)})
	}
	return nil
}

// stillWaiting says what else waits for actor in its other channels, as it
// receives on ch: the messages its select did not choose.
func (p *parser) stillWaiting(actor, ch string) string {
	var held []string
	for _, name := range []string{"data", "ctrl", "out", "req", "read", "stop", "result"} {
		if name == ch || channels[name].to != actor || len(p.waiting[name]) == 0 {
			continue
		}
		held = append(held, fmt.Sprintf("%s still holds %s", name, strings.Join(p.waiting[name], ", ")))
	}
	if len(held) == 0 {
		return ""
	}
	return "while " + strings.Join(held, " and ")
}

// generatedVar matches the Promela names the generated models give the
// fields of a Go Msg variable (m.Kind is m_kind): the trace reads them as
// the hand-written models' kind and seq.
var generatedVar = regexp.MustCompile(`\b[A-Za-z]\w*_(kind|seq)\b`)

// closedEmpty matches a generated model's receive-after-close guard:
// "(((in==data)&&dataClosed)&&empty(data))" or "((dataClosed&&empty(data)))".
var closedEmpty = regexp.MustCompile(`(\w+)Closed\)*&&empty\((\w+)\)`)

// index matches an array index, as the generated models index what is
// per stream (netDone[stream], data[x]).
var index = regexp.MustCompile(`\[[^\]]*\]`)

func normalize(stmt string) string {
	return generatedVar.ReplaceAllString(index.ReplaceAllString(stmt, ""), "$1")
}

func (p *parser) statement(spinStep int, actor, stmt string) {
	stmt = normalize(stmt)
	if _, known := local[stmt]; !known {
		if m := closedEmpty.FindStringSubmatch(stmt); m != nil && m[1] == m[2] {
			p.flushSent()
			p.add(Step{Spin: spinStep, Kind: Local, Actor: actor, Action: fmt.Sprintf("finds %s closed and empty (a receive on it yields ok == false)", m[1])})
			return
		}
	}
	if stmt == "produced = (produced+1)" {
		p.flushSent()
		p.add(Step{Spin: spinStep, Kind: Local, Actor: actor, Action: fmt.Sprintf("reads chunk %d from the source", p.chunks)})
		p.chunks++
		return
	}
	if p.failed != "" && stmt == p.failed {
		p.flushSent()
		action, note := property(stmt)
		if left := p.leftOver(); left != "" {
			note += "; " + left
		}
		p.add(Step{Spin: spinStep, Kind: Violation, Actor: actor, Action: action, Note: note})
		return
	}
	if stmt == "ok = 0" && actor != "script" {
		return // a receive's ok, not script's read of an ended stream
	}
	if action, ok := local[stmt]; ok {
		p.flushSent()
		p.add(Step{Spin: spinStep, Kind: Local, Actor: actor, Action: action})
	}
}

// leftOver lists the messages still in a buffer, never received.
func (p *parser) leftOver() string {
	var left []string
	for _, name := range []string{"data", "ctrl", "out", "req", "read", "stop", "result"} {
		if w := p.waiting[name]; len(w) > 0 {
			left = append(left, fmt.Sprintf("%s in %s", strings.Join(w, ", "), name))
		}
	}
	if len(left) == 0 {
		return ""
	}
	return "never received: " + strings.Join(left, ", ")
}

// flushSent records a rendezvous offer no receive completed (the trail ended
// there) as a plain send.
func (p *parser) flushSent() {
	if p.sent == nil {
		return
	}
	s := *p.sent
	p.sent = nil
	s.Kind, s.Action = Send, "offers"
	p.add(s)
}

func (p *parser) add(s Step) { p.steps = append(p.steps, s) }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
