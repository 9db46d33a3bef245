module example.com/gclfix

go 1.26.0
