module example.com/compileerrs

go 1.26.0
