module example.com/flowfix

go 1.26.0
