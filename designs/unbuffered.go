package designs

// Unbuffered is the article's original topology (see wireShutdownMessage)
// with every channel a rendezvous, capacity 0.
//
// Script sends the error straight to net, then tells the router the stream
// is over, and the router sends net a shutdown on a second channel. It is
// correct because of the rendezvous: script's send of the error completes
// only once net has received it, so the stop, and the shutdown after it,
// are sent later, and net handles a message fully before it receives the
// next. The price: every hop waits for its receiver.
type Unbuffered struct{}

// Name is "unbuffered".
func (Unbuffered) Name() string { return "unbuffered" }

// ChunkPath: direct, every channel a rendezvous, net also on ctrl.
func (Unbuffered) ChunkPath(Config) ChunkPath { return ChunkPath{Capacity: 0, NetCtrl: true} }

// Wire makes the rendezvous channels and the three loops.
func (Unbuffered) Wire(w *Workflow) Actors { return wireShutdownMessage(w, 0) }
