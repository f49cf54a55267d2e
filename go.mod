module devcoop

go 1.26.8
