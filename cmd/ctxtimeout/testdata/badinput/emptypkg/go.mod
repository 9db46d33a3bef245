module example.com/emptypkg

go 1.26.0
