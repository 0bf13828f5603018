"""科技局智能助手: answers, drafts and number checks over the bureau's documents."""
