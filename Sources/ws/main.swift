print("ws")
