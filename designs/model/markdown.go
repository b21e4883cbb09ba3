package model

import (
	"fmt"
	"strings"
)

// Counterexample is one refuted grid point of a design's model and the
// readable trace of the trail Spin found there.
type Counterexample struct {
	Design  string // the design's registry name: unbuffered, explicit, dropsender, router, terminal-routed
	Chunks  int    // CHUNKS: chunks the source yields before its outcome
	Window  int    // WINDOW: requests net keeps outstanding
	Cap     int    // CAP: channel capacity (unbuffered: always 0)
	Outcome string // "done" or "error"
	Steps   []Step // from ReadableTrace
}

// goFiles are the Go files each model mirrors.
var goFiles = map[string]string{
	"unbuffered": "designs/unbuffered.go and designs/shutdownmsg.go",
	"explicit":   "designs/explicit.go and designs/shutdownmsg.go",
	"dropsender": "designs/dropsender.go",
	"router":     "designs/router.go",
	// terminal-routed is the design's registry name; its Go file drops the hyphen.
	"terminal-routed": "designs/terminalrouted.go",
}

// explanations say, per design, why its counterexample happens.
var explanations = map[string]string{
	"explicit": "Script sends the error to net on data and then tells the router to stop; " +
		"the router then sends net a shutdown on ctrl. Those are two messages, from two goroutines, " +
		"on two channels, and nothing orders them: once both wait in their buffers, net's select may " +
		"take the shutdown first, and net ends the workflow with the error still unread in data. " +
		"That is the bug of the article (Servo PR #26906): \"two messages from two different threads\" " +
		"expected \"to magically synchronize their ordering\". Go's select picks uniformly at random " +
		"among the ready cases, so in Go this happens about half the times both messages are ready " +
		"when net selects; Spin shows that it can happen at all, and this is a shortest way there. " +
		"With a window of 2 a buffered chunk is lost the same way, even when the source ends with done.",
	"terminal-routed": "This is the shape Servo PR #26906 merged: the error and the shutdown now leave one goroutine " +
		"(the router) on one channel (ctrl), so net always sees the error before the shutdown. But the chunks " +
		"still go straight from script to net on data. With a window of 2, net has asked for the next read " +
		"before it received the last chunk; script answers that request with the terminal outcome, which " +
		"reaches net through the router as a shutdown on ctrl while the last chunk still waits in data. " +
		"Net's select may take the shutdown first, and the chunk is lost. At window 1 script reads the outcome " +
		"only in answer to a request net sent after it had the last chunk, so nothing is in flight: the design " +
		"is correct only under that protocol rule, which its channels do not show.",
}

// Markdown renders the counterexample as the page committed in
// results/model/<design>-counterexample.md: an explanation, a legend, the
// numbered trace, and how to replay it.
func (c Counterexample) Markdown() string {
	var b strings.Builder
	outcome := 0
	if c.Outcome == "error" {
		outcome = 1
	}
	fmt.Fprintf(&b, "# Counterexample: %s (chunks %d, window %d, cap %d, %s)\n\n", c.Design, c.Chunks, c.Window, c.Cap, c.Outcome)
	fmt.Fprintf(&b, "Spin refutes the model of the **%s** design (`%s.pml`, generated from %s by `designs/model/gen`) "+
		"for one stream of %d chunk(s) ending with %s, net keeping at most %d request(s) outstanding, "+
		"channels of capacity %d. Below is the interleaving it found, a shortest one, step by step.\n\n",
		c.Design, c.Design, goFileOf(c.Design), c.Chunks, c.Outcome, c.Window, c.Cap)
	if e, ok := explanations[c.Design]; ok {
		b.WriteString(e + "\n\n")
	}
	b.WriteString("## Legend\n\n")
	b.WriteString("- **net**, **router**, **script**: the three goroutines of the design (`Actors.Net`, `Actors.Router`, `Actors.Script`); **harness**: `Workflow.Run`.\n")
	b.WriteString("- Channels have their Go names (`req`, `read`, `data`, `stop`, `ctrl`, `result`, `out`; `data` and `ctrl` are the stream's `data[0]`, `ctrl[0]`).\n")
	b.WriteString("- **sends** / **receives**: a send into a buffered channel and the receive that takes the message out are two steps; the message waits in the buffer in between. " +
		"**hands … (rendezvous)**: on an unbuffered channel the send and the receive are one step.\n")
	b.WriteString("- \"while X still holds …\": what waited in net's other channels when its select chose this one.\n")
	b.WriteString("- **VIOLATED**: the property that fails, at the step where it fails. Steps that only the acting goroutine sees (its loop's bookkeeping) are left out.\n\n")
	b.WriteString("## Trace\n\n")
	for _, s := range c.Steps {
		b.WriteString(s.String() + "\n")
	}
	b.WriteString("\n## Replay\n\n")
	b.WriteString("From the repository's root, in a scratch directory (Spin writes its files next to the model):\n\n```sh\n")
	defs := fmt.Sprintf("-DCHUNKS=%d -DWINDOW=%d -DCAP=%d -DOUTCOME=%d", c.Chunks, c.Window, c.Cap, outcome)
	b.WriteString("d=$(mktemp -d) && cp designs/model/workflow.pml $d/\n")
	fmt.Fprintf(&b, "go run ./designs/model/cmd/gen -design %s -o $d/%s.pml && cd $d\n", c.Design, c.Design)
	fmt.Fprintf(&b, "spin %s -a %s.pml\n", defs, c.Design)
	b.WriteString("gcc -O2 -DSAFETY -DNOCLAIM -DBFS -o pan pan.c && ./pan\n")
	fmt.Fprintf(&b, "spin %s -t -p -s -r -k %s.pml.trail %s.pml\n", defs, c.Design, c.Design)
	b.WriteString("```\n\nGenerated by `scripts/verify` (with `designs/model/cmd/spintrace`); do not edit by hand.\n")
	return b.String()
}

func goFileOf(design string) string {
	if f, ok := goFiles[design]; ok {
		return "`" + strings.ReplaceAll(f, " and ", "` and `") + "`"
	}
	return "its Go file"
}
