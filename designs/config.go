package designs

import (
	"fmt"
	"time"
)

// OutcomeKind is how a stream ends.
type OutcomeKind uint8

const (
	// Done: the source yields every chunk, then done.
	Done OutcomeKind = iota
	// Fail: the source yields Outcome.At chunks, then an error.
	Fail
	// Panic: the source panics when asked for chunk Outcome.At.
	Panic
	// Cancel: net cancels the stream once it has received Outcome.At chunks.
	Cancel
)

func (k OutcomeKind) String() string {
	switch k {
	case Done:
		return "done"
	case Fail:
		return "error"
	case Panic:
		return "panic"
	case Cancel:
		return "cancel"
	}
	return fmt.Sprintf("OutcomeKind(%d)", uint8(k))
}

// Outcome is a stream's terminal outcome and the chunk at which it happens.
type Outcome struct {
	Kind OutcomeKind
	// At is the number of chunks delivered before the outcome: for Fail and
	// Panic 0 ≤ At ≤ Chunks, for Cancel 1 ≤ At < Chunks, for Done it must be 0.
	At int
}

func (o Outcome) String() string {
	if o.Kind == Done {
		return "done"
	}
	return fmt.Sprintf("%v@%d", o.Kind, o.At)
}

// Regime is how the schedule is perturbed or chosen at the actors'
// scheduling points (Net.Perturb, Actor.Perturb): natural, yield and
// forced act at net's only; scheduled at every actor's.
type Regime uint8

const (
	// Natural leaves the scheduler alone.
	Natural Regime = iota
	// Yield calls runtime.Gosched before each receive.
	Yield
	// Forced waits until every other actor of the process is blocked on a
	// channel, so everything that can reach net has been sent when it
	// chooses.
	Forced
	// Scheduled runs one actor of the workflow at a time: at each
	// scheduling point the actor waits, and a scheduler releases one
	// waiting actor once every other is waiting or blocked, chosen by PCT
	// priorities of depth Config.SchedDepth or uniformly at random, from
	// a seed (Config.SchedSeed) that Result.Schedule records with the
	// schedule taken. See sched.go.
	Scheduled
)

func (r Regime) String() string {
	switch r {
	case Natural:
		return "natural"
	case Yield:
		return "yield"
	case Forced:
		return "forced"
	case Scheduled:
		return "scheduled"
	}
	return fmt.Sprintf("Regime(%d)", uint8(r))
}

// Regimes returns every regime, in order.
func Regimes() []Regime { return []Regime{Natural, Yield, Forced, Scheduled} }

// ParseRegime returns the regime with the given name.
func ParseRegime(name string) (Regime, error) {
	for _, r := range Regimes() {
		if r.String() == name {
			return r, nil
		}
	}
	return 0, fmt.Errorf("unknown regime %q: want natural, yield, forced or scheduled", name)
}

// Config is every knob of one workflow. The zero value is not valid; start
// from DefaultConfig.
type Config struct {
	ChunkSize int           // bytes per chunk, 1 … 16 MiB
	Chunks    int           // chunks per stream the source can yield, 0 … 1<<26
	Window    int           // requests net keeps outstanding, 1 … 4096 (1 is strict pull)
	Capacity  int           // channel capacity of the buffered designs, 1 … 65536
	Streams   int           // concurrent streams sharing one router and one script, 1 … 65536
	Work      time.Duration // net's work per chunk, after asking for the next, 0 … 1s
	Outcome   Outcome       // how each stream ends
	Seed      uint64        // seeds the chunk contents
	Regime    Regime        // schedule perturbation or choice at the actors' scheduling points

	// SchedSeed seeds the scheduled regime's choices; 0 derives one from
	// Seed. Result.Schedule records the seed used: running a workflow
	// again with that SchedSeed (and the same other fields) replays its
	// choices.
	SchedSeed uint64
	// SchedDepth is the depth d of the scheduled regime's PCT: d−1
	// priority change points. 0 picks uniformly at random among the
	// actors waiting at a scheduling point instead.
	SchedDepth int
	// SchedSteps is k, the scheduling points the PCT change points are
	// drawn from (uniformly in 1…k); 0 estimates it from the size of the
	// workflow (see Config.schedSteps).
	SchedSteps int
	// SchedAudit makes the scheduled regime check every quiescence it
	// reads from the runtime's goroutine counts against a stack snapshot
	// of the workflow, and fail the workflow with both where they
	// disagree. Slow (a snapshot a step); for tests.
	SchedAudit bool

	// Timeout bounds the whole workflow; a workflow still running then is a
	// deadlock. Zero picks a bound from the size of the workflow.
	Timeout time.Duration
	// Quiesce, if set, replaces the Forced regime's wait for the other
	// actors to block (for example with testing/synctest.Wait, inside a
	// bubble, with one stream).
	Quiesce func()
}

// DefaultConfig is a small valid workflow: one stream of four 64-byte
// chunks, strict pull, done.
func DefaultConfig() Config {
	return Config{ChunkSize: 64, Chunks: 4, Window: 1, Capacity: 16, Streams: 1, Seed: 1}
}

// Limits on Config fields.
const (
	MaxChunkSize  = 16 << 20
	MaxChunks     = 1 << 26
	MaxWindow     = 4096
	MaxCapacity   = 1 << 16
	MaxStreams    = 1 << 16
	MaxWork       = time.Second
	MaxBufferMem  = 1 << 30 // bytes of chunk buffers: Streams × Window × ChunkSize
	MaxRecordSize = 1 << 26 // events net may record: Streams × (Chunks+2)
	MaxSchedDepth = 16      // PCT depth of the scheduled regime
	MaxSchedSteps = 1 << 30 // scheduling points PCT's change points are drawn from
)

// ConfigError reports a Config field outside its allowed range.
type ConfigError struct {
	Field string // the field, as named in Config
	Value any    // the refused value
	Want  string // the allowed range
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("config: %s = %v is out of range: want %s", e.Field, e.Value, e.Want)
}

// Validate returns a *ConfigError naming the first field out of range, or nil.
func (c Config) Validate() error {
	bad := func(field string, v any, want string) error {
		return &ConfigError{Field: field, Value: v, Want: want}
	}
	switch {
	case c.ChunkSize < 1 || c.ChunkSize > MaxChunkSize:
		return bad("ChunkSize", c.ChunkSize, fmt.Sprintf("1 ≤ ChunkSize ≤ %d", MaxChunkSize))
	case c.Chunks < 0 || c.Chunks > MaxChunks:
		return bad("Chunks", c.Chunks, fmt.Sprintf("0 ≤ Chunks ≤ %d", MaxChunks))
	case c.Window < 1 || c.Window > MaxWindow:
		return bad("Window", c.Window, fmt.Sprintf("1 ≤ Window ≤ %d", MaxWindow))
	case c.Capacity < 1 || c.Capacity > MaxCapacity:
		return bad("Capacity", c.Capacity, fmt.Sprintf("1 ≤ Capacity ≤ %d", MaxCapacity))
	case c.Streams < 1 || c.Streams > MaxStreams:
		return bad("Streams", c.Streams, fmt.Sprintf("1 ≤ Streams ≤ %d", MaxStreams))
	case c.Work < 0 || c.Work > MaxWork:
		return bad("Work", c.Work, fmt.Sprintf("0 ≤ Work ≤ %v", MaxWork))
	case c.Regime > Scheduled:
		return bad("Regime", c.Regime, "natural, yield, forced or scheduled")
	case c.SchedDepth < 0 || c.SchedDepth > MaxSchedDepth:
		return bad("SchedDepth", c.SchedDepth, fmt.Sprintf("0 ≤ SchedDepth ≤ %d (0: uniformly at random)", MaxSchedDepth))
	case c.SchedSteps < 0 || c.SchedSteps > MaxSchedSteps:
		return bad("SchedSteps", c.SchedSteps, fmt.Sprintf("0 ≤ SchedSteps ≤ %d (0 estimates it)", MaxSchedSteps))
	case c.Timeout < 0:
		return bad("Timeout", c.Timeout, "Timeout ≥ 0 (0 picks a bound)")
	}
	if err := c.Outcome.validate(c.Chunks); err != nil {
		return err
	}
	if mem := int64(c.Streams) * int64(c.Window) * int64(c.ChunkSize); mem > MaxBufferMem {
		return bad("Streams×Window×ChunkSize", mem, fmt.Sprintf("≤ %d bytes of chunk buffers", MaxBufferMem))
	}
	if ev := int64(c.Streams) * int64(c.Chunks+2); ev > MaxRecordSize {
		return bad("Streams×(Chunks+2)", ev, fmt.Sprintf("≤ %d recorded events", MaxRecordSize))
	}
	return nil
}

func (o Outcome) validate(chunks int) error {
	bad := func(want string) error {
		return &ConfigError{Field: "Outcome.At", Value: o.At, Want: want}
	}
	switch o.Kind {
	case Done:
		if o.At != 0 {
			return bad("0 for a done outcome")
		}
	case Fail, Panic:
		if o.At < 0 || o.At > chunks {
			return bad(fmt.Sprintf("0 ≤ At ≤ Chunks (%d) for %v", chunks, o.Kind))
		}
	case Cancel:
		if o.At < 1 || o.At >= chunks {
			return bad(fmt.Sprintf("1 ≤ At < Chunks (%d) for cancel", chunks))
		}
	default:
		return &ConfigError{Field: "Outcome.Kind", Value: o.Kind, Want: "done, error, panic or cancel"}
	}
	return nil
}

// timeout is the watchdog's bound for c.
func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	total := time.Duration(c.Streams) * time.Duration(c.Chunks)
	return 20*time.Second + total*20*time.Microsecond + time.Duration(c.Chunks)*c.Work
}
