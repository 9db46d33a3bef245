module example.com/syntax

go 1.26.0
