package designs

// Null is the null design: a workflow that does nothing. Its net ends at
// once, without a request, a chunk or a channel; its router and script wait
// for the quit signal and return. It is not a contender and is not in All:
// run through the same harness and load generator as the designs, its
// figures are what the harness and the machine cost, so that they are seen
// beside a design's, never counted as the design's.
//
// Its workflows end early by construction (the source is never read), so
// its records are not judged: a benchmark of Null reads its times only.
type Null struct{}

// Name is "null".
func (Null) Name() string { return "null" }

// Wire returns loops that touch no channel: net ends at once.
func (Null) Wire(w *Workflow) Actors {
	return Actors{
		Net: func(n *Net) { n.End(EndShutdown) },
		Router: func(r *Router) {
			r.Perturb()
			<-r.Quit()
		},
		Script: func(s *Script) {
			s.Perturb()
			<-s.Quit()
		},
	}
}
