import { redirect } from "next/navigation";
import { DEFAULT_POST_SIGN_IN_PATH } from "@/server/domain/post-sign-in-path";

export default function Home() {
  redirect(DEFAULT_POST_SIGN_IN_PATH);
}
