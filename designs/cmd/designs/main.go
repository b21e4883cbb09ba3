// Command designs prints the name of every registered design, one a line,
// in the registry's order, so that scripts follow the registry instead of
// keeping lists of their own.
package main

import (
	"fmt"

	"chanbench/designs"
)

func main() {
	for _, d := range designs.All() {
		fmt.Println(d.Name())
	}
}
