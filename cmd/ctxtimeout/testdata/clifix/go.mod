module example.com/clifix

go 1.26.0
