async def load() -> None:
    async with open("données.csv") as f:
        print(f.read())
