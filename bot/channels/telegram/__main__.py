from bot.channels.telegram.bridge import main

main()
