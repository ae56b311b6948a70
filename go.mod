module github.com/iamd/iamd

go 1.26
